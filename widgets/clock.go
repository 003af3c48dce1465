package widgets

import (
	"fmt"
	"time"
)

// Elapsed formats a time in state the way a wallboard does: "0:42",
// "12:03", "1:02:03". A negative span (clock skew with the platform) shows
// as 0:00 rather than confusing the agent.
func Elapsed(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int(d / time.Second)
	h, m, sec := s/3600, (s/60)%60, s%60
	if h > 0 {
		return fmt.Sprintf("%d:%02d:%02d", h, m, sec)
	}
	return fmt.Sprintf("%d:%02d", m, sec)
}

// Since is Elapsed from t to now, or "" when t is unknown.
func Since(t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	return Elapsed(now.Sub(t))
}

// Minutes formats a longer span for a glance: "<1 min", "12 min",
// "1 h 05 min".
func Minutes(d time.Duration) string {
	m := int(d / time.Minute)
	switch {
	case m < 1:
		return "<1 min"
	case m < 60:
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d h %02d min", m/60, m%60)
}

// NextMinute is the first moment after now at which SinceMinutes(t, ·)
// reads differently; the zero time when t is unknown (it never changes).
func NextMinute(t, now time.Time) time.Time {
	if t.IsZero() {
		return time.Time{}
	}
	d := now.Sub(t)
	if d < 0 {
		return t.Add(time.Minute)
	}
	return t.Add((d/time.Minute + 1) * time.Minute)
}

// SinceMinutes is Minutes from t to now, or "" when t is unknown.
func SinceMinutes(t, now time.Time) string {
	if t.IsZero() {
		return ""
	}
	return Minutes(now.Sub(t))
}
