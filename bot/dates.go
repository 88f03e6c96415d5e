package bot

import (
	"fmt"
	"time"
)

// parseDateBound reads a since/until option: YYYY-MM-DD, YYYY-MM or YYYY.
// For an upper bound (end true) it is the last instant of that day, month
// or year; "" is the zero time (no bound).
func parseDateBound(name, s string, end bool) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	for _, f := range []struct {
		layout string
		next   func(time.Time) time.Time
	}{
		{"2006-01-02", func(t time.Time) time.Time { return t.AddDate(0, 0, 1) }},
		{"2006-01", func(t time.Time) time.Time { return t.AddDate(0, 1, 0) }},
		{"2006", func(t time.Time) time.Time { return t.AddDate(1, 0, 0) }},
	} {
		if t, err := time.Parse(f.layout, s); err == nil {
			if end {
				return f.next(t).Add(-time.Nanosecond), nil
			}
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("`%s`: use a date like 2019-06-04, 2019-06 or 2019", name)
}

// dateWindow reads the since and until options of a command. problem is a
// message for the user when they are malformed or in the wrong order.
func dateWindow(c *call) (since, until time.Time, problem string) {
	since, err1 := parseDateBound("since", option(c, "since"), false)
	until, err2 := parseDateBound("until", option(c, "until"), true)
	if err1 != nil || err2 != nil {
		msg := "Please check the dates."
		for _, err := range []error{err1, err2} {
			if err != nil {
				msg += " " + err.Error() + "."
			}
		}
		return since, until, msg
	}
	if !since.IsZero() && !until.IsZero() && until.Before(since) {
		return since, until, "`until` is before `since`; please swap them."
	}
	return since, until, ""
}
