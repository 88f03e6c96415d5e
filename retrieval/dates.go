package retrieval

import (
	"fmt"
	"regexp"
	"time"

	"github.com/dossier-bot/dossier/retrieval/timex"
)

// boundPattern is what a since/until bound may look like.
var boundPattern = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

// DateBound parses a since or until bound, YYYY-MM-DD, YYYY-MM or YYYY, and
// returns the first and the last day it covers (both at midnight UTC). An
// empty bound is no bound: zero times and no error. Since takes first and
// Until takes last, so "until 2019" keeps all of 2019.
func DateBound(s string) (first, last time.Time, err error) {
	if s == "" {
		return first, last, nil
	}
	start, end, ok := timex.Range(s)
	if !boundPattern.MatchString(s) || !ok {
		return first, last, fmt.Errorf("%q is not a date: use a date like 2019-06-04, 2019-06 or 2019", s)
	}
	return start, end.AddDate(0, 0, -1), nil
}
