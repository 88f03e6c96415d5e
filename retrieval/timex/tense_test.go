package timex

import (
	"slices"
	"testing"
)

// A bare weekday looks forward from the reference in a future-tense
// clause and back from it otherwise. The cases are articles of Tuesday
// 2023-04-11: "Wednesday" is 2023-04-12 ahead, 2023-04-05 behind.
func TestWeekdayFollowsTense(t *testing.T) {
	const ref = "2023-04-11"
	cases := []struct{ text, want string }{
		// a past verb after the date does not overrule the scheduling word
		// governing it (the nearest Wednesday is meant, here the coming one)
		{"The strike planned for Wednesday was called off.", "2023-04-12"},
		{"Workers said the strike planned for Wednesday had broad support.", "2023-04-12"},
		{"The ruling, expected on Wednesday, was delayed by a day.", "2023-04-12"},
		{"A vote slated for Wednesday was postponed.", "2023-04-12"},
		// "due", "set for" and a future cue beyond a present copula look ahead
		{"The hearing is due on Wednesday.", "2023-04-12"},
		{"Payments are due Wednesday, the agency said.", "2023-04-12"},
		{"The vote is set for Wednesday.", "2023-04-12"},
		{"The next hearing is on Wednesday.", "2023-04-12"},
		// future cues that already worked
		{"The strike is scheduled for Wednesday.", "2023-04-12"},
		{"The union will strike on Wednesday.", "2023-04-12"},
		{"The strike is set to start on Wednesday.", "2023-04-12"},
		{"A ruling is expected on Wednesday.", "2023-04-12"},
		// a future cue only in another clause of the sentence does not count
		{"The index is up 2% on Wednesday as investors expect a rate cut.", "2023-04-05"},
		{"Stocks are lower Wednesday amid fears the Fed will raise rates.", "2023-04-05"},
		{"Shares are down on Wednesday, and analysts expect more losses.", "2023-04-05"},
		{"The ban that took effect on Wednesday is expected to last.", "2023-04-05"},
		// past and undirected clauses look back
		{"The union said Wednesday that it had called off the strike.", "2023-04-05"},
		{"On Wednesday the strike was called off.", "2023-04-05"},
		{"The strike on Wednesday was the largest in years.", "2023-04-05"},
		{"The company said on Wednesday that it would cut jobs.", "2023-04-05"},
		{"Shares fell on Wednesday due to weak demand.", "2023-04-05"},
		{"Shares are down 3% since Wednesday.", "2023-04-05"},
		{"Trading on Wednesday is the subject of the inquiry.", "2023-04-05"},
		{"The minister, who is due to retire, spoke on Wednesday.", "2023-04-05"},
	}
	for _, c := range cases {
		if got := values(Tag(c.text, day(ref))); !slices.Equal(got, []string{c.want}) {
			t.Errorf("Tag(%q, %s) = %v, want [%s]", c.text, ref, got, c.want)
		}
	}
}

// A date planned ahead of a past event ("the strike planned for Wednesday
// was called off") may lie either side of the reference: the nearest
// occurrence is meant.
func TestPlannedDateBeforePastVerbIsNearest(t *testing.T) {
	cases := []struct{ ref, text, want string }{
		{"2023-04-11", "The strike planned for Wednesday was called off.", "2023-04-12"},
		{"2023-04-13", "The strike planned for Wednesday was called off.", "2023-04-12"},
		{"2023-04-17", "The strike planned for Saturday was called off.", "2023-04-15"},
		{"2023-02-09", "The election scheduled for March was postponed.", "2023-03"},
		{"2023-04-11", "The election scheduled for March was postponed.", "2023-03"},
		{"2023-04-11", "The payment due in March was missed.", "2023-03"},
	}
	for _, c := range cases {
		if got := values(Tag(c.text, day(c.ref))); !slices.Equal(got, []string{c.want}) {
			t.Errorf("Tag(%q, %s) = %v, want [%s]", c.text, c.ref, got, c.want)
		}
	}
}

// A month, quarter or season without a year takes the year the tense and
// the reference imply: the latest one begun in a past clause, the next
// one not yet over in a future clause.
func TestYearlessPeriodFollowsTense(t *testing.T) {
	const ref = "2021-02-09"
	cases := []struct{ text, want string }{
		{"The next meeting is in Q3.", "2021-Q3"},
		{"The next meeting is in the third quarter.", "2021-Q3"},
		{"The next meeting is in September.", "2021-09"},
		{"Revenue for Q3 is expected to rise.", "2021-Q3"},
		{"The launch is set for Q3.", "2021-Q3"},
		{"Prices have risen since March.", "2020-03"},
		{"In March, the company laid off 300 workers.", "2020-03"},
		{"Thousands fled the city in March.", "2020-03"},
		{"The company will lay off 300 workers in March.", "2021-03"},
		// cases that already held
		{"Prices have risen since September.", "2020-09"},
		{"Sales fell in March.", "2020-03"},
		{"In March, the company closed 30 stores.", "2020-03"},
		{"Sales will rise in March.", "2021-03"},
		{"The company expects sales to rise in March.", "2021-03"},
		{"Sales fell in January.", "2021-01"},
		{"The company said in January that it would cut jobs.", "2021-01"},
		{"Revenue rose 5% in Q3.", "2020-Q3"},
		{"Sales are up 5% in Q3, and the company expects more next quarter.", "2020-Q3"},
		{"The meeting will be in Q3.", "2021-Q3"},
	}
	for _, c := range cases {
		got := values(Tag(c.text, day(ref)))
		if len(got) == 0 || got[0] != c.want {
			t.Errorf("Tag(%q, %s) = %v, want %s first", c.text, ref, got, c.want)
		}
	}
}
