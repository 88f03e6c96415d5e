package bot

import (
	"fmt"
	"time"

	"github.com/dossier-bot/dossier/retrieval"
)

// dateWindow reads the since and until options of a command. problem is a
// message for the user when they are malformed or in the wrong order.
func dateWindow(c *call) (since, until time.Time, problem string) {
	since, _, err1 := retrieval.DateBound(option(c, "since"))
	_, until, err2 := retrieval.DateBound(option(c, "until"))
	if err1 != nil || err2 != nil {
		msg := "Please check the dates."
		for _, b := range []struct {
			name string
			err  error
		}{{"since", err1}, {"until", err2}} {
			if b.err != nil {
				msg += fmt.Sprintf(" `%s`: %v.", b.name, b.err)
			}
		}
		return since, until, escapeLinks(msg)
	}
	if !since.IsZero() && !until.IsZero() && until.Before(since) {
		return since, until, "`until` is before `since`; please swap them."
	}
	return since, until, ""
}
