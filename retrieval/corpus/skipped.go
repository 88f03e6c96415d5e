package corpus

import "fmt"

// DescribeSkipped counts skip entries in words, whole files apart from
// lines of JSON Lines files, as "2 skipped files", "1 skipped file, 3
// skipped lines in articles.jsonl" or "0 skipped files, 5 skipped lines
// in 2 files".
func DescribeSkipped(skipped []Skipped) string {
	files, lines := 0, 0
	var lineFiles []string
	seen := map[string]bool{}
	for _, s := range skipped {
		if s.Line == 0 {
			files++
			continue
		}
		lines++
		if f := s.File(); !seen[f] {
			seen[f] = true
			lineFiles = append(lineFiles, f)
		}
	}
	out := plural(files, "skipped file", "skipped files")
	switch len(lineFiles) {
	case 0:
	case 1:
		out += ", " + plural(lines, "skipped line", "skipped lines") + " in " + lineFiles[0]
	default:
		out += fmt.Sprintf(", %s in %d files", plural(lines, "skipped line", "skipped lines"), len(lineFiles))
	}
	return out
}

// plural writes n with the singular or plural noun.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
