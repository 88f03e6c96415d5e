package corpus

import (
	"testing"
	"time"
)

func TestParsePlain(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }
	tests := []struct {
		name, in      string
		title, source string
		published     time.Time
		text          string
	}{
		{
			name:  "site header, repeated title, dateline",
			in:    "Deal Signed | KGOU\n\nDeal Signed\n\nJun 4, 2019\nOriginally published on June 7, 2019\n\nBody one.\n\nBody two.\n",
			title: "Deal Signed", source: "KGOU", published: day(2019, 6, 4),
			text: "Originally published on June 7, 2019\n\nBody one.\n\nBody two.",
		},
		{
			name:  "full month name",
			in:    "Title\nJune 4, 2019\n\nBody.",
			title: "Title", published: day(2019, 6, 4), text: "Body.",
		},
		{
			name:  "ISO date",
			in:    "Title\n\n2019-06-04\n\nBody.",
			title: "Title", published: day(2019, 6, 4), text: "Body.",
		},
		{
			name:  "day first",
			in:    "Title\n\nBy A. Writer\n4 June 2019\n\nBody.",
			title: "Title", published: day(2019, 6, 4), text: "By A. Writer\n\nBody.",
		},
		{
			name:  "weekday and Sept",
			in:    "Title\n\nTuesday, Sept. 10, 2019\n\nBody.",
			title: "Title", published: day(2019, 9, 10), text: "Body.",
		},
		{
			name:  "day first, Sept without a dot",
			in:    "Title\n\n4 Sept 2019\n\nBody.",
			title: "Title", published: day(2019, 9, 4), text: "Body.",
		},
		{
			name:  "a date in prose is not a dateline",
			in:    "Title\n\nThe deal was signed on June 4, 2019 in Berlin.\n",
			title: "Title", text: "The deal was signed on June 4, 2019 in Berlin.",
		},
		{
			name:  "a dateline deep in the body is not the date",
			in:    "Title\n\n1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\nJune 4, 2019\n",
			title: "Title", text: "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n11\nJune 4, 2019",
		},
		{
			name:  "long pipe suffix stays in the title",
			in:    "Left | a very long second half that is no site name at all really\n\nBody.",
			title: "Left | a very long second half that is no site name at all really", text: "Body.",
		},
		{
			name:  "leading blank lines and spaces",
			in:    "\n\n   Spaced   Title  \n\nBody.",
			title: "Spaced Title", text: "Body.",
		},
		{
			name:  "one line",
			in:    "Only a line.\n",
			title: "Only a line.", text: "Only a line.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := parsePlain(tt.in)
			if a.Title != tt.title || a.Source != tt.source || !a.Published.Equal(tt.published) || a.Text != tt.text {
				t.Errorf("parsePlain =\n title %q source %q published %v\n text %q\nwant\n title %q source %q published %v\n text %q",
					a.Title, a.Source, a.Published, a.Text, tt.title, tt.source, tt.published, tt.text)
			}
		})
	}
}
