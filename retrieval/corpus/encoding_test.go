package corpus

import (
	"bytes"
	"context"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/fstest"
)

// loadOne loads fsys and returns the article read from name, failing the
// test when it was skipped.
func loadOne(t *testing.T, fsys fstest.MapFS, name string) Article {
	t.Helper()
	var logs bytes.Buffer
	res, err := LoadFS(context.Background(), fsys, quiet(&logs))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range res.Articles {
		if a.Path == name {
			return a
		}
	}
	t.Fatalf("%s not loaded; skipped %+v", name, res.Skipped)
	return Article{}
}

func TestLegacyEncodedTextIsDecoded(t *testing.T) {
	tests := []struct {
		name, data, title, text string
	}{
		{
			name:  "latin1.txt",
			data:  "Caf\xe9 reopens\n\nThe caf\xe9 on the corner serves cr\xe8me br\xfbl\xe9e again, said the ma\xeetre d'h\xf4tel.",
			title: "Café reopens",
			text:  "The café on the corner serves crème brûlée again, said the maître d'hôtel.",
		},
		{
			name:  "cp1252.md",
			data:  "# Prices rise \x96 again\r\n\r\n\x93Tickets now cost \x8020,\x94 the operator said \x97 up 5\x25.\r\n",
			title: "Prices rise – again",
			text:  "“Tickets now cost €20,” the operator said — up 5%.",
		},
		{
			name:  "page.html",
			data:  `<html><head><title>Caf` + "\xe9" + `</title></head><body><p>Cr` + "\xe8me br\xfbl\xe9e" + ` for all.</p></body></html>`,
			title: "Café",
			text:  "Crème brûlée for all.",
		},
		{
			name:  "utf16.txt",
			data:  "\xff\xfe" + utf16le("Wide Title\r\n\r\nText saved as UTF-16, na\u00efvely."),
			title: "Wide Title",
			text:  "Text saved as UTF-16, naïvely.",
		},
		{
			name:  "stray.txt",
			data:  "Stray byte\n\nMostly UTF-8 — with “quotes”, é and one stray \xff byte.",
			title: "Stray byte",
			text:  "Mostly UTF-8 — with “quotes”, é and one stray \ufffd byte.",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := loadOne(t, fstest.MapFS{tt.name: {Data: []byte(tt.data)}}, tt.name)
			if a.Title != tt.title || a.Text != tt.text {
				t.Errorf("got title %q text %q\nwant title %q text %q", a.Title, a.Text, tt.title, tt.text)
			}
		})
	}
}

func TestHTMLDeclaredCharsetIsHonoured(t *testing.T) {
	// 0xE8 is č in ISO 8859-2 and è in Windows-1252; the page says which.
	body := "<body><p>\xe8esk\xfd rozhlas</p></body></html>"
	for name, head := range map[string]string{
		"meta charset":  `<html><head><meta charset="ISO-8859-2">`,
		"http-equiv":    `<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-2">`,
		"in a txt file": `<!doctype html><html><head><meta charset=latin2>`,
	} {
		t.Run(name, func(t *testing.T) {
			file := "p.html"
			if name == "in a txt file" {
				file = "p.txt"
			}
			a := loadOne(t, fstest.MapFS{file: {Data: []byte(head + "</head>" + body)}}, file)
			if a.Text != "český rozhlas" {
				t.Errorf("text = %q, want %q", a.Text, "český rozhlas")
			}
		})
	}
	// A page that declares UTF-8 is read as UTF-8.
	a := loadOne(t, fstest.MapFS{"u.html": {Data: []byte(`<meta charset="utf-8"><p>na` + "\u00efve" + `</p>`)}}, "u.html")
	if a.Text != "naïve" {
		t.Errorf("UTF-8 page: text = %q", a.Text)
	}
}

func TestBinaryIsStillSkipped(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	noise := make([]byte, 4096)
	for i := range noise {
		noise[i] = byte(rng.IntN(255) + 1) // no NUL bytes at all
	}
	fsys := fstest.MapFS{
		"noise.txt":   {Data: noise},
		"nuls.md":     {Data: []byte(strings.Repeat("Caf\xe9\x00\x00\x00 ", 200))},
		"controls.md": {Data: []byte(strings.Repeat("\xe9\x01\x02\x03\x04 ", 200))},
		"image.html":  {Data: append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), noise...)},
		"ascii.txt":   {Data: []byte("\x00\x01\x02\x03")},
	}
	var logs bytes.Buffer
	res, err := LoadFS(context.Background(), fsys, quiet(&logs))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Articles) != 0 || len(res.Skipped) != len(fsys) {
		t.Fatalf("articles %+v, skipped %+v", res.Articles, res.Skipped)
	}
	for _, s := range res.Skipped {
		if s.Reason != "binary content" {
			t.Errorf("%s: reason %q", s.Path, s.Reason)
		}
	}
}

func TestJSONLEncodings(t *testing.T) {
	line := `{"id": "x", "title": "Caf%s", "text": "Caf%s d%scor."}` + "\n"
	fsys := fstest.MapFS{
		"bom.jsonl":    {Data: []byte("\xef\xbb\xbf" + strings.ReplaceAll(line, "%s", "é"))},
		"latin1.jsonl": {Data: []byte(strings.ReplaceAll(line, "%s", "\xe9"))},
		"utf16.jsonl":  {Data: []byte("\xff\xfe" + utf16le(strings.ReplaceAll(line, "%s", "é")))},
	}
	var logs bytes.Buffer
	res, err := LoadFS(context.Background(), fsys, quiet(&logs))
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Articles) != 1 || len(res.Skipped) != 0 || res.Duplicates != 2 {
		t.Fatalf("articles %+v, skipped %+v, duplicates %d", res.Articles, res.Skipped, res.Duplicates)
	}
	if a := res.Articles[0]; a.Title != "Café" || a.Text != "Café décor." {
		t.Errorf("got title %q text %q", a.Title, a.Text)
	}
}

// utf16le encodes s, which must be in the Basic Multilingual Plane, as
// UTF-16 little-endian.
func utf16le(s string) string {
	var b strings.Builder
	for _, r := range s {
		b.WriteByte(byte(r))
		b.WriteByte(byte(r >> 8))
	}
	return b.String()
}
