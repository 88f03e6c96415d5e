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

// questionFrames matches the words by which a user frames a question
// rather than asks it: a request that opens it ("can you tell me about",
// "do you know", "explain"; "Why did they give me a refund?" keeps its
// "give"), the event asked for ("what happened to", "what's going on
// with", "what happens next for") and the news asked for ("the latest
// on", "what's new with", "any news about"). No answer need hold "tell",
// "know", "happen" or "latest"; the recency prior still reads "latest".
var questionFrames = regexp.MustCompile(`(?i)^\W*(?:(?:(?:can|could|would|will)\s+you\s+)?(?:please\s+)?(?:tell|show|give)\s+(?:me|us)\b(?:\s+(?:more\s+)?about\b)?` +
	`|(?:do|does|did)\s+(?:you|anyone|we)\s+know\b|what\s+do\s+(?:we|you)\s+know\b|I(?:['’]d|\s+would)?\s+(?:like|want)\s+to\s+know\b` +
	`|(?:please\s+)?(?:explain|describe|summari[sz]e)\b)` +
	`|\bwhat(?:['’]s|\s+is|\s+was|\s+has|\s+had|\s+have)?\s+(?:been\s+)?(?:happen(?:ed|s|ing)?(?:\s+next)?|going\s+on)\b` +
	`|\b(?:the\s+)?latest(?:\s+news)?\s+(?:on|about|with|from|regarding)\b|\bwhat['’]?s\s+new\s+(?:with|at|in|on|for)\b` +
	`|\b(?:any|the)\s+news\s+(?:on|about|of|from|regarding)\b|\ban?\s+update\s+(?:on|about)\b`)

// withoutQuestionWords returns question with its questionWords and
// questionFrames turned into stop words: "how" for a measure, "not" for
// a negation, "what" for a frame.
func withoutQuestionWords(question string) string {
	question = questionFrames.ReplaceAllString(question, "what")
	return questionWords.ReplaceAllStringFunc(question, func(m string) string {
		if strings.HasPrefix(strings.ToLower(m), "how") {
			return "how"
		}
		return "not"
	})
}

// maxTopicTerms is the most terms a topic request holds once its frame is
// taken away: "What happened to Queen Elizabeth?" asks for a subject,
// not for a fact.
const maxTopicTerms = 4

// topicRequest reports whether question asks for a subject rather than a
// fact: framed ("tell me about", "what happened to", "the latest on") and
// at most maxTopicTerms terms, q's, besides.
func topicRequest(question string, q query) bool {
	return questionFrames.MatchString(question) && len(q.weights) <= maxTopicTerms
}
