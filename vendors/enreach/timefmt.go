package enreach

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"time"
)

// Time accepts the document's DateTime forms: RFC 3339 with a zone, up to
// seven fractional digits, and .NET's zone-less form (A25), read as UTC as
// an unofficial client notes. DateTime.MinValue (year 1) and MaxValue
// (year 9999, "continuous") and null all decode to the zero Time: unset.
type Time struct{ time.Time }

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02",
}

func (t *Time) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	t.Time = time.Time{}
	if len(b) == 0 || string(b) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("enreach: date %s is not a string", truncate(string(b), 40))
	}
	v, err := parseTime(s)
	if err != nil {
		return err
	}
	t.Time = v
	return nil
}

func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	for _, l := range timeLayouts {
		v, err := time.Parse(l, s)
		if err != nil {
			continue
		}
		if v.Year() <= 1 || v.Year() >= 9999 {
			return time.Time{}, nil
		}
		return v.UTC(), nil
	}
	return time.Time{}, fmt.Errorf("enreach: unreadable date %q", truncate(s, 40))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
