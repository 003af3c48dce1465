// Package flex holds JSON types that accept every form vendor documents
// print for one value: numbers as strings, strings as numbers, "True" and
// true, null. Keys already match case-insensitively in encoding/json.
package flex

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
)

// String accepts a JSON string, number, bool or null.
type String string

func (s *String) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		*s = ""
		return nil
	}
	if b[0] == '"' {
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = String(v)
		return nil
	}
	if b[0] == '{' || b[0] == '[' {
		*s = String(b)
		return nil
	}
	*s = String(b)
	return nil
}

// Int accepts 5, "5", " 5 ", 5.0 and null (0).
type Int int64

func (n *Int) UnmarshalJSON(b []byte) error {
	var s String
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	v := strings.TrimSpace(string(s))
	if v == "" {
		*n = 0
		return nil
	}
	if i, err := strconv.ParseInt(v, 10, 64); err == nil {
		*n = Int(i)
		return nil
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return fmt.Errorf("flex: %q is not a number", v)
	}
	*n = Int(f)
	return nil
}

// Bool accepts true, "true", "True", "TRUE", 1, "1", "yes" and null (false).
type Bool bool

func (v *Bool) UnmarshalJSON(b []byte) error {
	var s String
	if err := s.UnmarshalJSON(b); err != nil {
		return err
	}
	switch strings.ToLower(strings.TrimSpace(string(s))) {
	case "true", "1", "yes", "y", "on":
		*v = true
	default:
		*v = false
	}
	return nil
}
