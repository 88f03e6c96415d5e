package pgstore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/embed"
	"github.com/dossier-bot/dossier/retrieval/index"
	"github.com/dossier-bot/dossier/retrieval/passage"
	"github.com/dossier-bot/dossier/retrieval/timex"
)

// ErrEmpty is returned by Load for a store that was never loaded.
var ErrEmpty = errors.New("the database holds no index yet; load one with dossier index --database-url")

// CorpusName is Meta.Corpus for an index kept in PostgreSQL.
const CorpusName = "PostgreSQL"

// Load reads the store's articles, passages and term statistics as of
// one snapshot and returns an Index of them whose searches run in the
// database. Passages are split again from the stored text and checked
// against the stored offsets; vectors and postings stay in the database.
func (s *Store) Load(ctx context.Context, emb embed.Embedder) (*index.Index, error) {
	tx, st, err := s.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if st.generation == 0 || st.embedder == "" {
		return nil, ErrEmpty
	}
	if st.embedder != emb.Name() {
		return nil, fmt.Errorf("%w (%s, not %s); index with --rebuild to replace it", ErrOtherEmbedder, st.embedder, emb.Name())
	}
	arts, rowIDs, dates, err := readArticles(ctx, tx)
	if err != nil {
		return nil, err
	}
	passages, passageIDs, err := readPassages(ctx, tx, arts, rowIDs, 0)
	if err != nil {
		return nil, err
	}
	df, err := readTerms(ctx, tx, map[string]int32{}, -1)
	if err != nil {
		return nil, err
	}
	return s.newIndex(ctx, tx, st, emb, arts, rowIDs, dates, passages, passageIDs, df)
}

// snapshot begins the read-only, repeatable-read transaction a load
// reads one generation in, and reads that generation's figures. An index
// of another pipeline is ErrOtherPipeline.
func (s *Store) snapshot(ctx context.Context) (pgx.Tx, stats, error) {
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly})
	if err != nil {
		return nil, stats{}, fmt.Errorf("load index: %w", err)
	}
	st, err := readStats(ctx, tx)
	if err == nil && st.pipeline != "" && st.pipeline != index.Pipeline {
		err = fmt.Errorf("%w (%s, not %s); index with --rebuild to replace it", ErrOtherPipeline, st.pipeline, index.Pipeline)
	}
	if err != nil {
		tx.Rollback(context.WithoutCancel(ctx))
		return nil, stats{}, err
	}
	return tx, st, nil
}

// newIndex is the Index of one loaded generation.
func (s *Store) newIndex(ctx context.Context, tx pgx.Tx, st stats, emb embed.Embedder, arts []corpus.Article, rowIDs []int64,
	dates [][]timex.Expression, passages []passage.Passage, passageIDs []int64, df map[string]int32) (*index.Index, error) {
	built, err := metaValue(ctx, tx, "built")
	if err != nil {
		return nil, err
	}
	meta := index.Meta{
		Version:     index.FormatVersion,
		Fingerprint: fmt.Sprintf("postgres-generation-%d", st.generation),
		Corpus:      CorpusName,
		Embedder:    st.embedder,
		Dim:         st.dim,
		Tagger:      st.tagger,
		Articles:    len(arts),
		Passages:    len(passages),
	}
	meta.Built, _ = time.Parse(time.RFC3339, built)
	sr := &searcher{
		store:       s,
		emb:         emb,
		generation:  st.generation,
		articleRows: rowIDs,
		ids:         passageIDs,
		position:    make(map[int64]int, len(passageIDs)),
		df:          df,
		n:           st.passages,
	}
	if st.passages > 0 {
		sr.avgdl = float64(st.length) / float64(st.passages)
	}
	for i, id := range passageIDs {
		sr.position[id] = i
	}
	return index.NewRemote(meta, arts, passages, dates, sr), nil
}

func readArticles(ctx context.Context, tx pgx.Tx) ([]corpus.Article, []int64, [][]timex.Expression, error) {
	rows, err := tx.Query(ctx, `SELECT `+articleColumns+` FROM articles ORDER BY id`)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("load articles: %w", err)
	}
	arts, ids, dates, err := scanArticlesDates(rows)
	return arts, ids, dates, err
}

func scanArticles(rows pgx.Rows) ([]corpus.Article, []int64, error) {
	arts, ids, _, err := scanArticlesDates(rows)
	return arts, ids, err
}

// articleColumns are the columns of articles that scanArticlesDates reads.
const articleColumns = `id, key, title, published, url, source, feed, also_in, copies, path, body, parts, dates`

// scanArticlesDates reads article rows (articleColumns) and closes them.
func scanArticlesDates(rows pgx.Rows) ([]corpus.Article, []int64, [][]timex.Expression, error) {
	defer rows.Close()
	var arts []corpus.Article
	var ids []int64
	var dates [][]timex.Expression
	for rows.Next() {
		var a corpus.Article
		var id int64
		var pub *time.Time
		var parts, ds []byte
		var names []string
		if err := rows.Scan(&id, &a.ID, &a.Title, &pub, &a.URL, &a.Source, &a.Feed, &names, &a.AlsoIn, &a.Path, &a.Text, &parts, &ds); err != nil {
			return nil, nil, nil, fmt.Errorf("load articles: %w", err)
		}
		if pub != nil {
			a.Published = pub.UTC()
		}
		if len(a.AlsoIn) == 0 {
			a.AlsoIn = nil
			for _, n := range names { // a row the version before wrote: names only
				a.AlsoIn = append(a.AlsoIn, corpus.Copy{Source: n})
			}
		}
		var d []timex.Expression
		if err := json.Unmarshal(parts, &a.Parts); err != nil {
			return nil, nil, nil, fmt.Errorf("load article %s: parts: %w", a.ID, err)
		}
		if len(a.Parts) == 0 {
			a.Parts = nil
		}
		if err := json.Unmarshal(ds, &d); err != nil {
			return nil, nil, nil, fmt.Errorf("load article %s: dates: %w", a.ID, err)
		}
		arts, ids, dates = append(arts, a), append(ids, id), append(dates, d)
	}
	return arts, ids, dates, wrap("load articles", rows.Err())
}

// errSplit says that stored passages are not what this build splits.
var errSplit = errors.New("the database's passages were split by another version of dossier; load the index again with dossier index --rebuild")

// readPassages splits arts as Sync did, numbering them from first, and
// matches the pieces to their stored passage rows (rowIDs are the
// articles' rows), returning the passages and each one's row ID.
func readPassages(ctx context.Context, tx pgx.Tx, arts []corpus.Article, rowIDs []int64, first int) ([]passage.Passage, []int64, error) {
	rows, err := tx.Query(ctx, `SELECT id, article, seq, start_byte, end_byte FROM passages WHERE article = ANY($1) ORDER BY article, seq`, rowIDs)
	if err != nil {
		return nil, nil, fmt.Errorf("load passages: %w", err)
	}
	type stored struct {
		id         int64
		start, end int
	}
	byArticle := map[int64][]stored{}
	var r stored
	var art int64
	var seq int
	if _, err := pgx.ForEachRow(rows, []any{&r.id, &art, &seq, &r.start, &r.end}, func() error {
		byArticle[art] = append(byArticle[art], r)
		return nil
	}); err != nil {
		return nil, nil, fmt.Errorf("load passages: %w", err)
	}
	var all []passage.Passage
	var ids []int64
	for i, a := range arts {
		ps := passage.Split(first+i, a.Text, passage.DefaultSizes)
		got := byArticle[rowIDs[i]]
		if len(got) != len(ps) {
			return nil, nil, fmt.Errorf("article %s: %w", a.ID, errSplit)
		}
		for j, p := range ps {
			if got[j].start != p.Start || got[j].end != p.End {
				return nil, nil, fmt.Errorf("article %s: %w", a.ID, errSplit)
			}
			ids = append(ids, got[j].id)
		}
		all = append(all, ps...)
	}
	return all, ids, nil
}

// readTerms sets in df the document frequency of every term a
// generation after since changed (all of them for since -1), and takes
// out the terms no passage holds any more.
func readTerms(ctx context.Context, tx pgx.Tx, df map[string]int32, since int64) (map[string]int32, error) {
	rows, err := tx.Query(ctx, `SELECT term, df FROM terms WHERE gen > $1`, since)
	if err != nil {
		return nil, fmt.Errorf("load term statistics: %w", err)
	}
	var t string
	var n int32
	_, err = pgx.ForEachRow(rows, []any{&t, &n}, func() error {
		if n > 0 {
			df[t] = n
		} else {
			delete(df, t)
		}
		return nil
	})
	return df, wrap("load term statistics", err)
}

// idf is the embedded BM25 index's inverse document frequency, in
// float32 for an indexed term as it keeps it there, so that both rank
// alike.
func idf(n, df int) float64 {
	v := math.Log(1 + (float64(n)-float64(df)+0.5)/(float64(df)+0.5))
	if df == 0 {
		return v
	}
	return float64(float32(v))
}

// EachArticle calls do with every stored article, in the order Load
// numbers them, reading them a page at a time; it stops at do's first
// error.
func (s *Store) EachArticle(ctx context.Context, do func(corpus.Article) error) error {
	const page = 500
	var after int64
	for {
		rows, err := s.pool.Query(ctx, `SELECT `+articleColumns+` FROM articles WHERE id > $1 ORDER BY id LIMIT $2`, after, page)
		if err != nil {
			return fmt.Errorf("read articles: %w", err)
		}
		arts, ids, err := scanArticles(rows)
		if err != nil {
			return err
		}
		for _, a := range arts {
			if err := do(a); err != nil {
				return err
			}
		}
		if len(ids) < page {
			return nil
		}
		after = ids[len(ids)-1]
	}
}

// Article returns the stored article with the corpus ID key, or ok false
// when there is none.
func (s *Store) Article(ctx context.Context, key string) (a corpus.Article, ok bool, err error) {
	rows, err := s.pool.Query(ctx, `SELECT `+articleColumns+` FROM articles WHERE key = $1`, key)
	if err != nil {
		return corpus.Article{}, false, fmt.Errorf("read article %s: %w", key, err)
	}
	arts, _, err := scanArticles(rows)
	if err != nil || len(arts) == 0 {
		return corpus.Article{}, false, err
	}
	return arts[0], true, nil
}
