package retrieval

import (
	"context"
	"io"
	"log/slog"
	"reflect"
	"testing"

	"github.com/dossier-bot/dossier/retrieval/pgstore"
	"github.com/dossier-bot/dossier/retrieval/pgstore/pgtest"
)

// On the seeds, every answer from the shared index (BM25 from postings,
// so the same ranking) is the embedded engine's: text, found or not,
// citations. The vectors may be approximate, so this asks BM25 alone
// where the server has them.
func TestSharedIndexAnswersAsTheEmbeddedEngine(t *testing.T) {
	ctx := context.Background()
	quiet := slog.New(slog.NewTextHandler(io.Discard, nil))
	local, _, err := Open(ctx, Options{Logger: quiet}, nil)
	if err != nil {
		t.Fatal(err)
	}
	questions := []string{
		"Where is Meng Wanzhou under house arrest?",
		"Would Huawei sign a no-spy agreement?",
		"Who is the CEO of Apple?",
		"What is the capital of Australia?",
		"What was Huawei's revenue in 2023?",
	}
	for _, srv := range pgtest.Servers(t) {
		t.Run(srv.Name, func(t *testing.T) {
			st, err := pgstore.Open(ctx, pgtest.Fresh(t, srv), pgstore.Options{Lexical: pgstore.LexicalPostings, Logger: quiet})
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			shared, _, err := Open(ctx, Options{Store: st, Logger: quiet}, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, q := range questions {
				opts := AskOptions{Retriever: "bm25"}
				want, err1 := local.Ask(ctx, q, opts)
				got, err2 := shared.Ask(ctx, q, opts)
				if err1 != nil || err2 != nil {
					t.Fatal(err1, err2)
				}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%q: the shared index answered\n%+v\nthe embedded engine\n%+v", q, got, want)
				}
			}
		})
	}
}
