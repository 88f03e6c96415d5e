package pgstore

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"

	"github.com/dossier-bot/dossier/retrieval/bm25"
	"github.com/dossier-bot/dossier/retrieval/embed"
	"github.com/dossier-bot/dossier/retrieval/index"
	"github.com/dossier-bot/dossier/retrieval/textseg"
	"github.com/dossier-bot/dossier/retrieval/timex"
)

// searcher runs the searches of one loaded generation in the database
// and numbers what it finds as that generation's Index does; a passage
// added since is left out until the next Load.
type searcher struct {
	store       *Store
	emb         embed.Embedder
	generation  int64
	articleRows []int64       // row ID of each article, by index position
	ids         []int64       // row ID of each passage, by index position
	position    map[int64]int // index position of each row ID
	df          map[string]int32
	n           int     // passages, for IDF
	avgdl       float64 // mean BM25 length
}

// IDF returns the inverse document frequency of term, as the embedded
// BM25 index computes it.
func (sr *searcher) IDF(term string) float64 { return idf(sr.n, int(sr.df[term])) }

// Search fuses a BM25 and a vector search, each with the filter applied
// in SQL, as index.Index.Search does.
func (sr *searcher) Search(ctx context.Context, query string, opts index.SearchOptions) ([]index.Hit, error) {
	depth := max(index.Candidates, opts.K)
	if opts.Mode == index.Vector && !sr.store.caps.Vector {
		return nil, errors.New("vector search: the database has no pgvector extension")
	}
	type result struct {
		hits []int
		err  error
	}
	lexical, vector := make(chan result, 1), make(chan result, 1)
	go func() {
		if opts.Mode == index.Vector {
			lexical <- result{}
			return
		}
		hits, err := sr.lexical(ctx, textseg.Terms(query), query, depth, opts.Filter)
		lexical <- result{positions(hits), err}
	}()
	go func() {
		if opts.Mode == index.BM25 || !sr.store.caps.Vector {
			vector <- result{}
			return
		}
		hits, err := sr.vector(ctx, query, depth, opts.Filter)
		vector <- result{hits, err}
	}()
	lr, vr := <-lexical, <-vector
	if lr.err != nil {
		return nil, lr.err
	}
	if vr.err != nil {
		return nil, vr.err
	}
	return index.Fuse(lr.hits, vr.hits, opts.K), nil
}

// WordHits returns the k passages best matching terms by BM25 alone.
func (sr *searcher) WordHits(ctx context.Context, terms []string, k int) ([]index.Hit, error) {
	return sr.lexical(ctx, terms, strings.Join(terms, " "), k, index.Filter{})
}

func positions(hits []index.Hit) []int {
	out := make([]int, len(hits))
	for i, h := range hits {
		out[i] = h.Passage
	}
	return out
}

// lexical runs the BM25 half: the bm25 index's ranking of text, or BM25
// computed from the postings of terms.
func (sr *searcher) lexical(ctx context.Context, terms []string, text string, k int, f index.Filter) ([]index.Hit, error) {
	if k <= 0 || len(terms) == 0 {
		return nil, nil
	}
	var rows pgx.Rows
	var err error
	where, args := filterSQL(f, 3)
	if sr.store.caps.Lexical == LexicalBM25Index {
		rows, err = sr.store.pool.Query(ctx, `SELECT id, -(lexical <@> to_bm25query($1, 'passages_bm25')) AS score
			FROM passages p WHERE `+where+`
			ORDER BY lexical <@> to_bm25query($1, 'passages_bm25') LIMIT $2`, append([]any{text, k}, args...)...)
	} else {
		rows, err = sr.postingsQuery(ctx, terms, k, where, args)
	}
	if err != nil {
		return nil, fmt.Errorf("BM25 search: %w", err)
	}
	var hits []index.Hit
	var id int64
	var score float64
	if _, err := pgx.ForEachRow(rows, []any{&id, &score}, func() error {
		if pos, ok := sr.position[id]; ok && score > 0 {
			hits = append(hits, index.Hit{Passage: pos, Score: score})
		}
		return nil
	}); err != nil {
		return nil, fmt.Errorf("BM25 search: %w", err)
	}
	// The database orders equal scores as it likes; the embedded index
	// puts the earlier passage first.
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].Passage < hits[j].Passage
	})
	return hits, nil
}

// postingsQuery computes Okapi BM25 in SQL from the stored postings,
// with the embedded index's parameters and this generation's IDF: each
// query term counts once.
func (sr *searcher) postingsQuery(ctx context.Context, terms []string, k int, where string, args []any) (pgx.Rows, error) {
	var ts []string
	var weights []float64
	for t := range distinct(terms) {
		if sr.df[t] > 0 {
			ts, weights = append(ts, t), append(weights, sr.IDF(t)*(bm25.DefaultK1+1))
		}
	}
	norm := fmt.Sprintf("%g::float8 * (1 - %g::float8 + %g::float8 * o.len / %g::float8)", bm25.DefaultK1, bm25.DefaultB, bm25.DefaultB, max(sr.avgdl, 1))
	from := `q JOIN postings o ON o.term = q.term`
	if where != "true" {
		from += ` JOIN passages p ON p.id = o.passage`
	}
	return sr.store.pool.Query(ctx, `WITH q AS (SELECT * FROM unnest($1::text[], $2::float8[]) AS q(term, w))
		SELECT o.passage, sum(q.w * o.tf / (o.tf + `+norm+`)) AS score
		FROM `+from+`
		WHERE `+where+`
		GROUP BY o.passage ORDER BY score DESC, o.passage LIMIT $`+fmt.Sprint(len(args)+3),
		append(append([]any{ts, weights}, args...), k)...)
}

// vector runs the vector half through pgvector's HNSW index, searched
// deeper than k and, with a filter, iteratively, so that k filtered hits
// come back whenever there are k.
func (sr *searcher) vector(ctx context.Context, query string, k int, f index.Filter) ([]int, error) {
	vs, err := sr.emb.Embed(ctx, []string{query})
	if err != nil {
		return nil, fmt.Errorf("embed question: %w", err)
	}
	tx, err := sr.store.pool.BeginTx(ctx, pgx.TxOptions{AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, fmt.Errorf("vector search: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, `SELECT set_config('hnsw.ef_search', $1, true), set_config('hnsw.iterative_scan', 'strict_order', true)`, fmt.Sprint(min(max(2*k, 40), 1000))); err != nil {
		return nil, fmt.Errorf("vector search: %w", err)
	}
	where, args := filterSQL(f, 3)
	rows, err := tx.Query(ctx, `SELECT v.passage FROM passage_vectors v JOIN passages p ON p.id = v.passage
		WHERE `+where+` ORDER BY v.embedding <=> $1::vector LIMIT $2`, append([]any{pgvector.NewVector(vs[0]).String(), k}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("vector search: %w", err)
	}
	var out []int
	var id int64
	_, err = pgx.ForEachRow(rows, []any{&id}, func() error {
		if pos, ok := sr.position[id]; ok {
			out = append(out, pos)
		}
		return nil
	})
	return out, wrap("vector search", err)
}

// filterSQL returns the WHERE condition on passages p for f, with its
// arguments numbered from first.
func filterSQL(f index.Filter, first int) (string, []any) {
	conds := []string{"true"}
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		conds = append(conds, fmt.Sprintf(cond, first+len(args)-1))
	}
	if !f.Since.IsZero() {
		add("p.published >= $%d", timex.DayStart(f.Since))
	}
	if !f.Until.IsZero() {
		add("p.published < $%d", timex.DayStart(f.Until).AddDate(0, 0, 1))
	}
	if f.Source != "" {
		add("p.source = $%d", f.Source)
	}
	if f.Feed != "" {
		add("p.feed = $%d", f.Feed)
	}
	return strings.Join(conds, " AND "), args
}
