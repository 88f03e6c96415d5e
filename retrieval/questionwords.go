package retrieval

import (
	"regexp"
	"strings"
)

// questionWords matches what asks rather than says: the measure word of
// "how much", "how many", "how long" … and the negation of "won't",
// "didn't" …, which would otherwise count as the terms "much" or "won"
// (of "win") that an answer must hold.
var questionWords = regexp.MustCompile(`(?i)\bhow\s+(much|many|long|far|old|tall|high|deep|wide|big|large|heavy|fast|often|soon)\b|\b(won|can|shan|[a-z]+n)['’]t\b`)

// withoutQuestionWords returns question with its questionWords turned
// into stop words: "how" for a measure, "not" for a negation.
func withoutQuestionWords(question string) string {
	return questionWords.ReplaceAllStringFunc(question, func(m string) string {
		if strings.HasPrefix(strings.ToLower(m), "how") {
			return "how"
		}
		return "not"
	})
}
