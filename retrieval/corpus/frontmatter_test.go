package corpus

import (
	"testing"
	"time"
)

func TestParseFrontMatter(t *testing.T) {
	tests := []struct {
		name, in  string
		id, title string
		published time.Time
		url, src  string
		text      string
	}{
		{
			name: "all fields, RFC 3339 date, repeated heading dropped",
			in:   "---\nid: x1\ntitle: Big News\npublished: 2023-04-02T09:30:00+02:00\nurl: https://e.org/x\nsource: E Daily\n---\n# Big News\n\nBody *kept* as written.\n",
			id:   "x1", title: "Big News", published: time.Date(2023, 4, 2, 7, 30, 0, 0, time.UTC),
			url: "https://e.org/x", src: "E Daily", text: "Body *kept* as written.",
		},
		{
			name:  "date alias, quoted",
			in:    "---\ntitle: T\ndate: \"2021-02-09\"\n---\nBody.",
			title: "T", published: time.Date(2021, 2, 9, 0, 0, 0, 0, time.UTC), text: "Body.",
		},
		{
			name:  "written-out date",
			in:    "---\ntitle: T\npublished: June 4, 2019\n---\nBody.",
			title: "T", published: time.Date(2019, 6, 4, 0, 0, 0, 0, time.UTC), text: "Body.",
		},
		{
			name:  "datetime with space",
			in:    "---\ntitle: T\npublished: 2019-06-04 10:00\n---\nBody.",
			title: "T", published: time.Date(2019, 6, 4, 10, 0, 0, 0, time.UTC), text: "Body.",
		},
		{
			name:  "title from heading",
			in:    "---\nsource: S\n---\n\n# Heading Title\n\nBody.\n\n# Later heading stays\n",
			title: "Heading Title", src: "S", text: "Body.\n\n# Later heading stays",
		},
		{
			name: "null, alias, number and unknown fields",
			in:   "---\nid: 12\ntitle: &t Shared\nsource: *t\nurl: ~\ntags: [a, b]\nauthor: {name: A}\n---\nBody.",
			id:   "12", title: "Shared", src: "Shared", text: "Body.",
		},
		{
			name: "empty block",
			in:   "---\n---\nBody.",
			text: "Body.",
		},
		{
			name:  "a different heading stays in the text",
			in:    "---\ntitle: T\n...\n# Other\nBody.",
			title: "T", text: "# Other\nBody.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !hasFrontMatter(tt.in) {
				t.Fatal("hasFrontMatter = false")
			}
			a, err := parseFrontMatter(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			if a.ID != tt.id || a.Title != tt.title || !a.Published.Equal(tt.published) || a.URL != tt.url || a.Source != tt.src || a.Text != tt.text {
				t.Errorf("got %+v", a)
			}
		})
	}
}

func TestParseFrontMatterErrors(t *testing.T) {
	tests := map[string]struct{ in, reason string }{
		"unclosed":    {"---\ntitle: T\nBody.", "front matter has no closing ---"},
		"invalid":     {"---\ntitle: [unclosed\n---\nBody.", "front matter line 2: did not find expected ',' or ']'"},
		"bad date":    {"---\npublished: someday\n---\nBody.", `front matter published: unrecognised date "someday"`},
		"not mapping": {"---\n- a\n- b\n---\nBody.", `front matter must be fields such as "title: ...", not a list`},
		"list":        {"---\nid: x\ntitle: [a, b]\n---\nBody.", `front matter line 3: "title" must be a string, not a list`},
		"mapping":     {"---\nsource:\n  name: S\n---\nBody.", `front matter line 2: "source" must be a string, not a mapping`},
		"twice":       {"---\ntitle: a\n\ntitle: b\n---\nBody.", `front matter line 4: "title" is given twice, first on line 2`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			_, err := parseFrontMatter(tt.in)
			if err == nil || err.Error() != tt.reason {
				t.Errorf("err = %v, want %q", err, tt.reason)
			}
		})
	}
}

func TestTextFileWithFrontMatter(t *testing.T) {
	a, err := parseText(formatText, "---\ntitle: From YAML\n---\nFirst line is not the title.")
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "From YAML" || a.Text != "First line is not the title." {
		t.Errorf("got title %q text %q", a.Title, a.Text)
	}
}
