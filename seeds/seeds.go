// Package seeds holds dossier's default corpus: the two seed articles,
// embedded in the binary, with the metadata their text does not carry.
package seeds

import "embed"

// FS holds the seed article files at its root.
//
//go:embed *.txt
var FS embed.FS

// Meta is what we know about a seed file beyond its text.
type Meta struct {
	Title     string
	Published string // YYYY-MM-DD
	Source    string
	URL       string
	// Parts names the sections of a file that holds more than one kind of
	// text; each part starts at the first line beginning with Marker.
	Parts []Part
	// Boilerplate lists lines that are page furniture, not article text.
	Boilerplate []string
}

// Part is a named section of an article, such as a broadcast transcript.
type Part struct {
	Label  string
	Marker string
}

// Articles maps each seed file name to its metadata.
var Articles = map[string]Meta{
	"npr-2019-06-04-huawei-no-spy.txt": {
		Title:     "Huawei Chairman Willing To Sign A 'No-Spy' Deal With The United States",
		Published: "2019-06-04",
		Source:    "NPR, via member station KGOU",
		Parts: []Part{
			{Label: "article", Marker: "A top Huawei executive said Tuesday"},
			{Label: "broadcast transcript", Marker: "The Chinese company Huawei sits right in the middle"},
		},
		Boilerplate: []string{"Copyright 2020 NPR. To see more, visit"},
	},
	"ren-2021-02-biden-call.txt": {
		Title:       "Huawei CEO 'would welcome' phone call from Biden, in first remarks since Trump left",
		Published:   "2021-02-09",
		Source:      "news report",
		Boilerplate: []string{"Leave a Comment"},
	},
}
