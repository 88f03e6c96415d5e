package embed

import (
	"context"
	"fmt"
	"math"
	"testing"

	"github.com/philippgille/chromem-go"
)

// The GloVe embedder plugs into chromem-go through Func: documents
// (including one with no known words) are added and queried without
// errors or NaN scores, and the nearest document is the related one.
func TestGloVeWithChromem(t *testing.T) {
	g := newTestGloVe(t)
	ctx := context.Background()
	db := chromem.NewDB()
	col, err := db.CreateCollection("passages", nil, Func(g))
	if err != nil {
		t.Fatal(err)
	}
	docs := []chromem.Document{
		{ID: "phone", Content: "Huawei unveiled a new smartphone as the Chinese handset maker fights US sanctions."},
		{ID: "football", Content: "The home side won the match 2-1 after a late penalty."},
		{ID: "rates", Content: "The Federal Reserve raised interest rates by three quarters of a point."},
		{ID: "empty", Content: "12345 67890"},
	}
	if err := col.AddDocuments(ctx, docs, 2); err != nil {
		t.Fatal(err)
	}
	for query, want := range map[string]string{
		"Chinese phone company":        "phone",
		"soccer game score":            "football",
		"central bank monetary policy": "rates",
	} {
		res, err := col.Query(ctx, query, len(docs), nil, nil)
		if err != nil {
			t.Fatalf("query %q: %v", query, err)
		}
		for _, r := range res {
			if math.IsNaN(float64(r.Similarity)) {
				t.Fatalf("query %q: NaN similarity for %s", query, r.ID)
			}
		}
		if res[0].ID != want {
			t.Errorf("query %q: top %s, want %s (%s)", query, res[0].ID, want, fmtResults(res))
		}
	}
	// A query without known words (chromem itself rejects an empty one)
	// scores 0 against every real document.
	res, err := col.Query(ctx, "2022 ...", len(docs), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.ID != "empty" && math.Abs(float64(r.Similarity)) > 1e-5 {
			t.Errorf("empty query vs %s: similarity %v, want 0", r.ID, r.Similarity)
		}
	}
}

func fmtResults(res []chromem.Result) string {
	s := ""
	for _, r := range res {
		s += fmt.Sprintf("%s=%.3f ", r.ID, r.Similarity)
	}
	return s
}
