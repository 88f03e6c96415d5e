package timex

import (
	"slices"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func values(es []Expression) []string {
	var vs []string
	for _, e := range es {
		vs = append(vs, e.Value)
	}
	return vs
}

func TestTagResolvesExpressions(t *testing.T) {
	cases := []struct {
		ref  string
		text string
		want []string
	}{
		// seed cases
		{"2019-06-04", "This culminated last month with the U.S. Commerce Department adding Huawei to its 'Entity List'", []string{"2019-05"}},
		{"2019-06-04", "Last year, tensions reached a fevered pitch after the U.S issued an arrest warrant for Huawei CFO Meng Wanzhou", []string{"2018"}},
		{"2019-06-04", "In 2019, Huawei was placed on a US entity list", []string{"2019"}},
		{"2019-06-04", "A top Huawei executive said Tuesday that the company would fight the ban.", []string{"2019-06-04"}},
		// explicit dates
		{"2019-06-04", "Huawei denied the allegations on June 4, 2019.", []string{"2019-06-04"}},
		{"2019-06-04", "The rule took effect on 16 May 2019.", []string{"2019-05-16"}},
		{"2019-06-04", "The order took effect on 2019-05-16.", []string{"2019-05-16"}},
		{"2019-06-04", "The filing was made on Jun. 3 in Delaware.", []string{"2019-06-03"}},
		{"2019-06-04", "Results are due on June 14th.", []string{"2019-06-14"}},
		{"2019-06-04", "The March 2019 indictment charged Huawei.", []string{"2019-03"}},
		{"2019-06-04", "In September, the company will unveil the Mate 30.", []string{"2019-09"}},
		{"2019-06-04", "In May, the company was placed on the list.", []string{"2019-05"}},
		{"2019-03-10", "In May, the company was placed on the list.", []string{"2018-05"}},
		{"2019-06-04", "The G20 summit is scheduled for June 28-29.", []string{"2019-06-28"}},
		{"2010-01-25", "The plane made its maiden flight on 11 December.", []string{"2009-12-11"}},
		{"2019-06-04", "Exports fell from March 2018 to June 2019.", []string{"2018-03", "2019-06"}},
		{"2019-06-04", "Huawei sold 206 million phones in 2018, up from 153 million in 2017.", []string{"2018", "2017"}},
		{"2007-06-09", "It will receive six aircraft from 2009 to 2011.", []string{"2009", "2011"}},
		{"2019-06-04", "Prices have doubled since the 1990s.", []string{"199"}},
		{"2007-02-09", "It rid Detroit of the boxy cars of the 70s and 80s.", []string{"197", "198"}},
		{"2019-06-04", "The rollout is planned for summer 2020.", []string{"2020-SU"}},
		{"2019-06-04", "Huawei expects to roll out the network this summer.", []string{"2019-SU"}},
		{"2019-06-04", "Sales dropped in the third quarter.", []string{"2018-Q3"}},
		{"2019-10-20", "Sales dropped in the third quarter.", []string{"2019-Q3"}},
		{"2019-06-04", "Revenue grew in Q3 2019.", []string{"2019-Q3"}},
		{"2019-06-04", "GM lost $6 billion in the first quarter of 2009.", []string{"2009-Q1"}},
		{"2008-10-27", "Nikkei at lowest level since '82", []string{"1982"}},
		// relative to the reference
		{"2019-06-04", "Yesterday, the company's founder gave a rare interview.", []string{"2019-06-03"}},
		{"2019-06-04", "The ruling is expected tomorrow.", []string{"2019-06-05"}},
		{"2019-06-04", "Huawei announced today that it would appeal.", []string{"2019-06-04"}},
		{"2019-05-22", "On Monday, Google said it would suspend Huawei's Android license.", []string{"2019-05-20"}},
		{"2019-05-22", "Ren said on Friday that Huawei would not be crushed.", []string{"2019-05-17"}},
		{"2019-05-22", "The company will respond on Friday.", []string{"2019-05-24"}},
		{"2019-05-22", "The talks resume next Monday.", []string{"2019-05-27"}},
		{"2019-05-22", "Last week, the Commerce Department granted a 90-day reprieve.", []string{"2019-W20"}},
		{"2019-05-22", "Markets fell this week.", []string{"2019-W21"}},
		{"2019-06-04", "Next month, the Commerce Department will decide on licences.", []string{"2019-07"}},
		{"2019-06-04", "Earlier this year, the Justice Department unsealed 23 charges.", []string{"2019"}},
		{"2019-06-04", "The merger closes next year.", []string{"2020"}},
		{"2019-06-04", "Two years ago, the company shipped 153 million smartphones.", []string{"2017"}},
		{"2019-06-04", "It shipped 153 million smartphones 2 years ago.", []string{"2017"}},
		{"2019-06-04", "Six months ago, Canada arrested Meng.", []string{"2018-12"}},
		{"2019-06-04", "Three months ago, Canada arrested Meng.", []string{"2019-03"}},
		{"2019-06-04", "Profit rose 8% from a year earlier.", []string{"2018"}},
		{"2019-06-04", "Exports fell by 5% from the previous year.", []string{"2018"}},
		{"2010-01-25", "Der Spiegel cited confidential documents this weekend.", []string{"2010-W03-WE"}},
		{"2008-10-13", "The meetings took place during the weekend.", []string{"2008-W41-WE"}},
		{"2019-06-04", "The company plans to spend $100 billion in the coming years.", []string{"FUTURE_REF"}},
		// a weekday fixes the year of a yearless date
		{"2018-01-03", "The band plays the arena on Saturday, Feb. 2.", []string{"2019-02-02"}},
		// a dateline heading carries no tense for the date
		{"2020-03-17", "March 16: The YMCA branches closed for 15 days.", []string{"2020-03-16"}},
		// hyphenated adjectives are not past-tense verbs
		{"2021-06-09", "Funding will come through beyond July 1. “Like many things COVID-related, it is slow.”", []string{"2021-07-01"}},
		// deadlines look ahead, past-tense verbs before them do not
		{"2008-09-18", "The government has continued to hold all markets closed until Friday.", []string{"2008-09-19"}},
		{"2009-05-14", "Chrysler said that it wants to eliminate 789 dealers by early June.", []string{"2009-06"}},
		// passive and perfect forms are not simple past
		{"2005-10-04", "Apple announced today another event to be held on October 12.", []string{"2005-10-04", "2005-10-12"}},
		{"2006-08-19", "Ford has announced cuts, resulting in closures during the fourth quarter.", []string{"2006-Q4"}},
		{"2006-03-28", "The trial is set to begin on Wednesday.", []string{"2006-03-29"}},
		// anaphoric days
		{"2009-02-24", "The Dow fell on Monday to end the day at 7,114.3.", []string{"2009-02-23", "2009-02-23"}},
		{"2009-04-01", "Car sales rebounded in the last week of March.", []string{"2009-W13"}},
		{"2011-03-18", "The tsunami hit the country a week ago.", []string{"2011-03-11"}},
		{"2009-03-13", "US stocks log gains for a fourth week in a row.", []string{"2009-W11"}},
	}
	for _, c := range cases {
		got := values(Tag(c.text, day(c.ref)))
		if !slices.Equal(got, c.want) {
			t.Errorf("Tag(%q, %s) = %v, want %v", c.text, c.ref, got, c.want)
		}
	}
}

func TestTagFindsNoDateInNonDates(t *testing.T) {
	ref := day("2019-06-04")
	for _, text := range []string{
		"Huawei's 5G equipment is used by carriers in 30 countries.",
		"Revenue rose 19.5% to 721.2 billion yuan.",
		"The firm said the 2,000 employees would be relocated.",
		"The firm sold 2000 phones.",
		"The stock was offered at $2019 per share.",
		"Theresa May said Britain would allow Huawei limited access.",
		"Officials may announce new restrictions soon.",
		"May announced her resignation on the steps of Downing Street.",
		"Huawei's P30 sold 10 million units in 85 days.",
		"The company has been in business for two years.",
		"The store opens every Monday.",
		"Call 555-2019 or (212) 555-2020 for details.",
		"March Madness drew record audiences.",
		"It hired 1,500 engineers and its share is 2019.5 points.",
		"The Russell 2000 Index fell 2 percent.",
		"Production will move to a new plant by 2010-11.",
		"Traders braced for a fall in prices.",
		"The Mate 20 Pro scored 109 points, and 4 of 5 analysts agreed.",
	} {
		for _, e := range Tag(text, ref) {
			if e.Granularity != Ref {
				t.Errorf("Tag(%q) found %q = %s", text, e.Text, e.Value)
			}
		}
	}
}

func TestTagVagueReferences(t *testing.T) {
	cases := map[string]string{
		"Huawei recently opened a lab.":                  "PAST_REF",
		"The company currently employs 194,000 people.":  "PRESENT_REF",
		"Prices are now falling.":                        "PRESENT_REF",
		"It will need more chips in the coming years.":   "FUTURE_REF",
		"Nobody knows what the future holds for Huawei.": "FUTURE_REF",
		"Such bans were rare in the past.":               "PAST_REF",
	}
	for text, want := range cases {
		es := Tag(text, day("2019-06-04"))
		if len(es) != 1 || es[0].Value != want || es[0].Granularity != Ref || es[0].RefOrigin != OriginNone {
			t.Errorf("Tag(%q) = %+v, want one %s", text, es, want)
		}
	}
}

func TestTagOffsetsAndOrigins(t *testing.T) {
	text := "On June 4, 2019, Huawei said sales rose last month."
	es := Tag(text, day("2019-06-10"))
	if len(es) != 2 {
		t.Fatalf("got %+v", es)
	}
	if es[0].Text != "June 4, 2019" || text[es[0].Start:es[0].End] != es[0].Text || es[0].RefOrigin != OriginExplicit || es[0].Granularity != Day {
		t.Errorf("first = %+v", es[0])
	}
	if es[1].Text != "last month" || es[1].Value != "2019-05" || es[1].RefOrigin != OriginPublished || es[1].Granularity != Month {
		t.Errorf("second = %+v", es[1])
	}
}

func TestTagWithoutReferenceUsesEarlierDate(t *testing.T) {
	text := "The deal was signed on March 3, 2015. Two days later the board met, and last year profits fell."
	es := Tag(text, time.Time{})
	got := values(es)
	if !slices.Equal(got, []string{"2015-03-03", "2014"}) {
		t.Fatalf("values = %v", got)
	}
	if es[1].RefOrigin != OriginPreviousDate {
		t.Errorf("origin = %q, want %q", es[1].RefOrigin, OriginPreviousDate)
	}
	// no earlier date: relative expressions are dropped, never resolved against the clock
	if es := Tag("Last year profits fell; yesterday shares rose.", time.Time{}); len(es) != 0 {
		t.Errorf("without any anchor got %+v", es)
	}
	// a year-only anchor cannot resolve a day-level expression
	if got := values(Tag("In 2015 sales rose. Yesterday they fell, and the following year they fell again. Last year was worse.", time.Time{})); !slices.Equal(got, []string{"2015", "2014"}) {
		t.Errorf("year anchor: %v", got)
	}
}

func TestTagHolidays(t *testing.T) {
	cases := []struct{ ref, text, want string }{
		{"2019-12-30", "Retailers reported strong sales before Christmas.", "2019-12-25"},
		{"2019-11-20", "Shoppers are expected to spend more on Black Friday.", "2019-11-29"},
		{"2019-06-04", "The store closed on Thanksgiving 2018.", "2018-11-22"},
		{"2019-04-25", "The attacks on Easter Sunday killed 250 people.", "2019-04-21"},
		{"2019-09-03", "Traffic was heavy over Labor Day.", "2019-09-02"},
	}
	for _, c := range cases {
		if got := values(Tag(c.text, day(c.ref))); !slices.Equal(got, []string{c.want}) {
			t.Errorf("Tag(%q, %s) = %v, want %s", c.text, c.ref, got, c.want)
		}
	}
	for _, text := range []string{"Flights to Christmas Island resumed.", "Retailers reported strong Christmas sales."} {
		if got := Tag(text, day("2019-06-04")); len(got) != 0 {
			t.Errorf("Tag(%q) = %+v, want nothing", text, got)
		}
	}
}

// The tense that picks a yearless date's year comes from the clause the
// date is in: an adjective in -ed is not a past verb, and a trailing
// attribution ("..., officials said Monday") does not make a planned date
// past. A fronted date keeps its reporting verb.
func TestTenseOfTheDatesOwnClause(t *testing.T) {
	cases := []struct{ ref, text, want string }{
		{"2022-08-22", "When the probe launches on September 3, the uncrewed mission will test its heat shield.", "2022-09-03"},
		{"2022-09-12", "Engineers are moving the next attempt back by four days to September 27, the agency announced Monday.", "2022-09-27"},
		{"2022-11-02", "The vote is set for December 6, party officials said.", "2022-12-06"},
		{"2019-05-22", "On Monday, the company said it would close the plant.", "2019-05-20"},
		{"2022-03-10", "The ship left port on February 28, the coast guard said.", "2022-02-28"},
	}
	for _, c := range cases {
		if got := values(Tag(c.text, day(c.ref))); len(got) == 0 || got[0] != c.want {
			t.Errorf("Tag(%q, %s) = %v, want %s first", c.text, c.ref, got, c.want)
		}
	}
}
