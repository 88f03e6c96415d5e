package retrieval

import (
	"errors"
	"strings"
	"testing"
)

func TestCheckQuestionNormalizes(t *testing.T) {
	for _, blank := range []string{"\u200b\u200b\u200b", "\x00\x00", "\u200d\ufeff \u2060\u00ad", "\u3164\u115f\ufe0f", "\x01\x7f\u0085", "\xff\xfe"} {
		if q, err := CheckQuestion(blank); !errors.Is(err, ErrEmptyQuestion) {
			t.Errorf("CheckQuestion(%q) = %q, %v; want ErrEmptyQuestion", blank, q, err)
		}
	}
	cases := map[string]string{
		"Who is\u200b Huawei's\x00 chairman?":         "Who is Huawei's chairman?",
		"  ｗｈｏ ｉｓ ｈｕａｗｅｉ？\u202e ":                     "who is huawei?",
		"What did Ren say\tin 2021?\n":                "What did Ren say\tin 2021?",
		"Was Meng Wanzhou\u00a0released?":             "Was Meng Wanzhou released?",
		"e\u0301t\u00e9":                              "été",
		"Why?\u200b" + strings.Repeat("\u200b", 2000): "Why?",
	}
	for in, want := range cases {
		if got, err := CheckQuestion(in); err != nil || got != want {
			t.Errorf("CheckQuestion(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := CheckQuestion(strings.Repeat("\u200b", 100_000) + "why"); !errors.Is(err, ErrQuestionTooLong) {
		t.Errorf("100,000 zero-width spaces: %v, want ErrQuestionTooLong without normalizing them", err)
	}
	for in := range cases {
		once := NormalizeText(in)
		if twice := NormalizeText(once); twice != once {
			t.Errorf("NormalizeText is not idempotent on %q: %q then %q", in, once, twice)
		}
	}
}
