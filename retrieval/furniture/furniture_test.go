package furniture

import (
	"testing"
	"time"

	"github.com/dossier-bot/dossier/retrieval/timex"
)

func TestStampsAndOtherFurniture(t *testing.T) {
	published := time.Date(2019, 6, 4, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		text       string
		stamp, any bool
	}{
		{"Originally published on June 7, 2019 7:57 am", true, true},
		{"Updated 10:42 AM ET, Tue June 4, 2019", true, true},
		{"By Pallavi Gogoi", true, true},
		{"Jun 4, 2019", true, true},
		{"Copyright 2019 NPR. To see more, visit https://www.npr.org.", false, true},
		{"Sign up for our newsletter.", false, true},
		// Is goes by phrases, so news about them reads as furniture too:
		// what a timeline can spare, not an answer.
		{"The Supreme Court ruled that Andy Warhol infringed a photographer's copyright.", false, true},
		{"Millions of users sign up for the service each month.", false, true},
		{"Huawei was placed on a US entity list on May 16, 2019.", false, false},
		// News that opens like furniture is no stamp (but a timeline
		// spares it).
		{"Updated figures show Huawei's revenue rose 19% last year.", false, true},
		{"Published reports say Huawei will cut 5,000 jobs.", false, true},
		{"By Monday, Huawei had lost access to Google's Android.", false, true},
		{"By Pallavi Gogoi and Rob Schmitz", true, true},
	} {
		dates := timex.Tag(tt.text, published)
		if got := IsStamp(tt.text, dates); got != tt.stamp {
			t.Errorf("IsStamp(%q) = %v, want %v", tt.text, got, tt.stamp)
		}
		if got := Is(tt.text, dates); got != tt.any {
			t.Errorf("Is(%q) = %v, want %v", tt.text, got, tt.any)
		}
	}
}
