package corpus

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/itlightning/dateparse"
)

// month matches an English month name or abbreviation, with an optional dot.
const month = `(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?`

// datelineRE matches a line that holds only a date, such as "Jun 4, 2019",
// "June 4, 2019", "Tuesday, June 4, 2019", "4 June 2019" or "2019-06-04".
// It is strict on purpose: prose that mentions a date never matches. The
// first group is an optional weekday, the second the date itself.
var datelineRE = regexp.MustCompile(`(?i)^(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?,?\s+)?(` +
	month + `\s+\d{1,2},?\s+\d{4}` +
	`|\d{1,2}\s+` + month + `,?\s+\d{4}` +
	`|\d{4}-\d{2}-\d{2}` +
	`)$`)

// parseDateline returns the date held by a dateline, or false when the line
// is not one.
func parseDateline(line string) (time.Time, bool) {
	m := datelineRE.FindStringSubmatch(strings.TrimSpace(line))
	if m == nil {
		return time.Time{}, false
	}
	s := m[1]
	// dateparse knows "Sep" and "September", and "Sept." only before the
	// day ("Sept. 10, 2019", not "4 Sept. 2019"): "Sept" becomes "Sep".
	if i := strings.Index(strings.ToLower(s), "sept"); i >= 0 && !strings.HasPrefix(strings.ToLower(s[i:]), "september") {
		s = s[:i+3] + s[i+4:]
	}
	t, err := dateparse.ParseIn(s, time.UTC)
	if err != nil {
		return time.Time{}, false
	}
	return t, true
}

// parsePublished parses a publication date or date-time as found in front
// matter, HTML metadata or JSON Lines: ISO 8601 / RFC 3339, "2006-01-02",
// "Jan 2, 2006" and the other layouts dateparse knows. Values without a
// zone are taken as UTC.
func parsePublished(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	if t, ok := parseDateline(s); ok {
		return t, nil
	}
	t, err := dateparse.ParseIn(s, time.UTC)
	if err != nil {
		return time.Time{}, fmt.Errorf("unrecognised date %q", s)
	}
	return t, nil
}
