package bot

import (
	"fmt"
	"strings"
	"time"

	"github.com/dossier-bot/dossier/retrieval"
	"github.com/dossier-bot/dossier/retrieval/corpus"
)

// renderProgress is the text of a running reindex.
func renderProgress(p retrieval.Progress, elapsed time.Duration) string {
	stage := p.Stage
	if stage == "" {
		stage = "starting"
	}
	s := fmt.Sprintf("Reindexing… %s: %d files read", stage, p.FilesRead)
	if p.PassagesTotal > 0 {
		s += fmt.Sprintf(", %d/%d passages embedded", p.PassagesDone, p.PassagesTotal)
	}
	return s + fmt.Sprintf(" (%s)", elapsed.Round(time.Second))
}

// renderSummary is the text of a finished reindex: counts, time and the
// skipped files with their reasons, as many as fit.
func renderSummary(s retrieval.BuildSummary) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Reindex done in %s: %d articles, %d passages", s.Took.Round(10*time.Millisecond), s.Articles, s.Passages)
	if s.Duplicates > 0 {
		fmt.Fprintf(&b, " (%d duplicate(s) left out)", s.Duplicates)
	}
	b.WriteString(".")
	if s.SaveError != "" {
		b.WriteString("\nThe new index is in use but could not be saved, so the next start rebuilds it: " + escapeLinks(trimWords(s.SaveError, 300)))
	}
	if len(s.Skipped) == 0 {
		return b.String()
	}
	fmt.Fprintf(&b, "\n%s:", capitalize(corpus.DescribeSkipped(s.Skipped)))
	for i, f := range s.Skipped {
		line := fmt.Sprintf("\n• `%s` — %s", strings.ReplaceAll(trimWords(oneLine(f.Path), 150), "`", "'"), escapeLinks(trimWords(f.Reason, 200)))
		more := fmt.Sprintf("\n… and %d more", len(s.Skipped)-i)
		if length(b.String())+length(line)+length(more) > maxContent {
			b.WriteString(more)
			break
		}
		b.WriteString(line)
	}
	return b.String()
}

// renderReindexFailed explains a failed reindex; the old index stays.
func renderReindexFailed(err error) string {
	return "Reindex failed; the current index stays in use. Reason: " + escapeLinks(trimWords(err.Error(), 500))
}

// capitalize upper-cases the first letter of an ASCII sentence.
func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}
