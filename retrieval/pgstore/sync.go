package pgstore

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/pgvector/pgvector-go"

	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/embed"
	"github.com/dossier-bot/dossier/retrieval/index"
	"github.com/dossier-bot/dossier/retrieval/passage"
	"github.com/dossier-bot/dossier/retrieval/textseg"
	"github.com/dossier-bot/dossier/retrieval/timex"
)

// ErrOtherEmbedder is returned by Sync and Load when the store's vectors
// were made by another embedder; Sync with Rebuild replaces them.
var ErrOtherEmbedder = errors.New("the database index was made with another embedder")

// ErrOtherPipeline is returned when loading a database index whose
// passages and terms another version of dossier made (index.Pipeline):
// searching it with this version's terms would miss what it holds.
var ErrOtherPipeline = errors.New("the database index was made by another version's passage splitting and term analysis")

// SyncOptions tunes Sync.
type SyncOptions struct {
	// Rebuild empties the store first and indexes every article anew.
	Rebuild bool
	// KeepOthers keeps the stored articles that articles does not hold:
	// a replica adds what it fetched without removing what others did.
	KeepOthers bool
	// Progress, when set, is told how many new passages are embedded.
	Progress func(done, total int)
}

// SyncSummary describes what a Sync did.
type SyncSummary struct {
	Added, Removed, Kept int   // articles
	Passages             int   // in the store afterwards
	Generation           int64 // the store's generation afterwards
	Took                 time.Duration
}

// Sync makes the store hold exactly articles (or, with KeepOthers, at
// least them): it removes the articles
// that are gone or changed, and splits, tags, embeds and inserts the new
// and changed ones, all in one transaction, so that readers see the old
// index or the new one. Articles are matched by ID and a hash of what is
// indexed of them. A Sync that changes nothing keeps the generation.
func (s *Store) Sync(ctx context.Context, articles []corpus.Article, emb embed.Embedder, opts SyncOptions) (SyncSummary, error) {
	start := time.Now()
	if emb == nil {
		return SyncSummary{}, errors.New("sync: no embedder")
	}
	tx, err := s.pool.BeginTx(ctx, pgx.TxOptions{})
	if err != nil {
		return SyncSummary{}, fmt.Errorf("sync: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	// Another replica's Sync may hold the lock for longer than a
	// statement may take: wait as long as ctx lets us.
	if _, err := tx.Exec(ctx, `SELECT set_config('statement_timeout', '0', true)`); err != nil {
		return SyncSummary{}, fmt.Errorf("sync: lock: %w", err)
	}
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(`+lockArgs+`)`, int32(syncLock)); err != nil {
		return SyncSummary{}, fmt.Errorf("sync: lock: %w", err)
	}
	if _, err := tx.Exec(ctx, `SELECT set_config('statement_timeout', $1, true)`, fmt.Sprint(s.timeout.Milliseconds())); err != nil {
		return SyncSummary{}, fmt.Errorf("sync: lock: %w", err)
	}
	st, err := readStats(ctx, tx)
	if err != nil {
		return SyncSummary{}, err
	}
	if !opts.Rebuild {
		switch older, newer := versionsOf(st); {
		case newer:
			return SyncSummary{}, fmt.Errorf("%w (%s, date tagger %d; this one has %s, tagger %d): upgrade this one, or index with --rebuild to replace it",
				ErrNewerVersion, st.pipeline, st.tagger, index.Pipeline, timex.Version)
		case older:
			s.log.Info("rebuilding the database index: an older version split its passages, analysed its terms or found its dates",
				"had", st.pipeline, "want", index.Pipeline, "had_tagger", st.tagger, "want_tagger", timex.Version)
			if articles, err = withStored(ctx, tx, articles, opts.KeepOthers); err != nil {
				return SyncSummary{}, err
			}
			opts.Rebuild = true
		}
	}
	if st.embedder != "" && st.embedder != emb.Name() && !opts.Rebuild {
		return SyncSummary{}, fmt.Errorf("%w (%s, not %s); index with --rebuild to replace it", ErrOtherEmbedder, st.embedder, emb.Name())
	}
	if opts.Rebuild {
		keepVectors := st.dim != 0 && st.dim == emb.Dim()
		if err := emptyStore(ctx, tx, keepVectors); err != nil {
			return SyncSummary{}, err
		}
		st = stats{generation: st.generation}
		if keepVectors {
			st.dim = emb.Dim()
		}
		// Replicas holding an older generation must load in full.
		if _, err := tx.Exec(ctx, `INSERT INTO dossier_meta (key, value) VALUES ('rebuilt', $1)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, strconv.FormatInt(st.generation+1, 10)); err != nil {
			return SyncSummary{}, fmt.Errorf("sync: %w", err)
		}
	}
	plan, err := planSync(ctx, tx, articles, opts.KeepOthers)
	if err != nil {
		return SyncSummary{}, err
	}
	sum := SyncSummary{Added: len(plan.add), Removed: len(plan.remove), Kept: plan.kept}
	if len(plan.add) == 0 && len(plan.remove) == 0 && !opts.Rebuild {
		sum.Passages, sum.Generation, sum.Took = st.passages, st.generation, time.Since(start)
		return sum, tx.Commit(ctx)
	}
	w := &writer{tx: tx, store: s, dfDelta: map[string]int{}, stats: &st}
	if err := w.remove(ctx, plan.remove); err != nil {
		return SyncSummary{}, err
	}
	if err := w.add(ctx, plan.add, emb, opts.Progress); err != nil {
		return SyncSummary{}, err
	}
	if err := w.finish(ctx, emb); err != nil {
		return SyncSummary{}, err
	}
	if err := tx.Commit(ctx); err != nil {
		return SyncSummary{}, fmt.Errorf("sync: commit: %w", err)
	}
	if w.postings > vacuumAfter {
		s.vacuum(ctx)
	}
	sum.Passages, sum.Generation, sum.Took = st.passages, st.generation, time.Since(start)
	return sum, nil
}

// ErrNewerVersion is returned by a Sync of a database index that a newer
// version of dossier made: rebuilding it with this one's older passages,
// terms or dates would undo the newer one's work, and the two would
// rebuild it in turn on every Sync.
var ErrNewerVersion = errors.New("the database index was made by a newer version of dossier")

// versionsOf reports whether the index st describes was made by an older
// version's pipeline or tagger than this one's, or by a newer one's. An
// index made before they were recorded is neither.
func versionsOf(st stats) (older, newer bool) {
	p, ours := pipelineNumber(st.pipeline), pipelineNumber(index.Pipeline)
	older = (p != 0 && p < ours) || (st.tagger != 0 && st.tagger < timex.Version)
	newer = p > ours || st.tagger > timex.Version
	return older && !newer, newer
}

// pipelineNumber is the number of an index.Pipeline ("passages/3"), or 0
// when it holds none.
func pipelineNumber(pipeline string) int {
	_, num, _ := strings.Cut(pipeline, "/")
	n, _ := strconv.Atoi(num)
	return n
}

// withStored returns articles and, with keepOthers, the stored articles
// that articles does not hold: a rebuild that this version of dossier
// forces keeps what a Sync with KeepOthers would have kept.
func withStored(ctx context.Context, tx pgx.Tx, articles []corpus.Article, keepOthers bool) ([]corpus.Article, error) {
	if !keepOthers {
		return articles, nil
	}
	stored, _, _, err := readArticles(ctx, tx)
	if err != nil {
		return nil, fmt.Errorf("sync: keep the stored articles: %w", err)
	}
	given := make(map[string]bool, len(articles))
	for _, a := range articles {
		given[a.ID] = true
	}
	out := slices.Clone(articles)
	for _, a := range stored {
		if !given[a.ID] {
			out = append(out, a)
		}
	}
	return out, nil
}

// stats are the store-wide figures kept in dossier_meta.
type stats struct {
	generation int64
	passages   int   // passages in the store
	length     int64 // BM25 terms in all of them
	embedder   string
	dim        int
	tagger     int
	pipeline   string // index.Pipeline of the passages and terms; "" before it was recorded
}

func readStats(ctx context.Context, q querier) (stats, error) {
	var st stats
	vals := map[string]*string{}
	for _, k := range []string{"generation", "passages", "length", "embedder", "dim", "tagger", "pipeline"} {
		v, err := metaValue(ctx, q, k)
		if err != nil {
			return st, err
		}
		vals[k] = &v
	}
	st.embedder = *vals["embedder"]
	st.generation, _ = strconv.ParseInt(*vals["generation"], 10, 64)
	st.length, _ = strconv.ParseInt(*vals["length"], 10, 64)
	st.passages, _ = strconv.Atoi(*vals["passages"])
	st.dim, _ = strconv.Atoi(*vals["dim"])
	st.tagger, _ = strconv.Atoi(*vals["tagger"])
	st.pipeline = *vals["pipeline"]
	return st, nil
}

// emptyStore deletes every article (their passages, postings and
// vectors with them) and the statistics. It deletes rather than
// truncates: TRUNCATE would lock every replica's searches out until the
// rebuild commits, minutes on a large corpus, where DELETE lets them read
// the old index meanwhile. Only vectors of another dimension make it
// drop their table, which does lock readers out.
func emptyStore(ctx context.Context, tx pgx.Tx, keepVectors bool) error {
	_, err := tx.Exec(ctx, `DELETE FROM articles; DELETE FROM terms; DELETE FROM removed_articles;
		DELETE FROM dossier_meta WHERE key NOT IN ('generation', 'rebuilt', 'dim')`)
	if err == nil && !keepVectors {
		_, err = tx.Exec(ctx, `DROP TABLE IF EXISTS passage_vectors`)
	}
	return wrap("empty the database index", err)
}

// syncPlan is what a Sync changes.
type syncPlan struct {
	remove []int64          // article rows to delete
	add    []corpus.Article // articles to insert
	kept   int
}

func planSync(ctx context.Context, tx pgx.Tx, articles []corpus.Article, keepOthers bool) (syncPlan, error) {
	rows, err := tx.Query(ctx, `SELECT id, key, hash FROM articles`)
	if err != nil {
		return syncPlan{}, fmt.Errorf("sync: list articles: %w", err)
	}
	type row struct {
		id   int64
		hash string
	}
	have := map[string]row{}
	var r row
	var key string
	if _, err := pgx.ForEachRow(rows, []any{&r.id, &key, &r.hash}, func() error {
		have[key] = r
		return nil
	}); err != nil {
		return syncPlan{}, fmt.Errorf("sync: list articles: %w", err)
	}
	var plan syncPlan
	wanted := map[string]bool{}
	for _, a := range articles {
		wanted[a.ID] = true
		r, ok := have[a.ID]
		switch {
		case ok && r.hash == articleHash(a):
			plan.kept++
		case ok:
			plan.remove = append(plan.remove, r.id)
			plan.add = append(plan.add, a)
		default:
			plan.add = append(plan.add, a)
		}
	}
	for key, r := range have {
		if !wanted[key] && !keepOthers {
			plan.remove = append(plan.remove, r.id)
		}
	}
	return plan, nil
}

// articleHash identifies everything of a that is indexed or shown.
func articleHash(a corpus.Article) string {
	a.Path = "" // where it was read from changes nothing indexed
	b, _ := json.Marshal(a)
	h := sha256.Sum256(b)
	return hex.EncodeToString(h[:16])
}

// writer applies a plan inside the Sync's transaction.
type writer struct {
	tx       pgx.Tx
	store    *Store
	stats    *stats
	dfDelta  map[string]int // document-frequency changes per term
	postings int            // rows added to postings
}

// vacuumAfter is how many new postings make Sync vacuum them: BM25 from
// postings reads only their index while its pages are all-visible.
const vacuumAfter = 100_000

// vacuum refreshes the visibility map and statistics of the tables a
// large Sync grew; it is an optimisation, so a failure is only logged.
func (s *Store) vacuum(ctx context.Context) {
	if _, err := s.pool.Exec(ctx, `VACUUM (ANALYZE) postings, passages, terms`); err != nil {
		s.log.Warn("could not vacuum the new postings; BM25 stays correct but slower until autovacuum runs", "err", err)
	}
}

// remove deletes article rows, and takes their passages out of the
// term statistics, re-splitting their stored text as Sync split it.
func (w *writer) remove(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	rows, err := w.tx.Query(ctx, `SELECT title, body FROM articles WHERE id = ANY($1)`, ids)
	if err != nil {
		return fmt.Errorf("sync: read removed articles: %w", err)
	}
	var a corpus.Article
	if _, err := pgx.ForEachRow(rows, []any{&a.Title, &a.Text}, func() error {
		for _, terms := range passageTerms(&a, passage.Split(0, a.Text, passage.DefaultSizes)) {
			w.count(terms, -1)
		}
		return nil
	}); err != nil {
		return fmt.Errorf("sync: read removed articles: %w", err)
	}
	if _, err = w.tx.Exec(ctx, `DELETE FROM articles WHERE id = ANY($1)`, ids); err != nil {
		return fmt.Errorf("sync: delete articles: %w", err)
	}
	_, err = w.tx.Exec(ctx, `INSERT INTO removed_articles (id, gen) SELECT unnest($1::bigint[]), $2`, ids, w.stats.generation+1)
	return wrap("sync: record removed articles", err)
}

// count adds sign times one passage's terms to the statistics.
func (w *writer) count(terms []string, sign int) {
	w.stats.passages += sign
	w.stats.length += int64(sign * len(terms))
	for t := range distinct(terms) {
		w.dfDelta[t] += sign
	}
}

func distinct(terms []string) map[string]int {
	tf := make(map[string]int, len(terms))
	for _, t := range terms {
		tf[t]++
	}
	return tf
}

func passageTerms(a *corpus.Article, ps []passage.Passage) [][]string {
	title := textseg.Terms(a.Title)
	out := make([][]string, len(ps))
	for i, p := range ps {
		out[i] = index.WordTerms(a, p, title)
	}
	return out
}

// prepared is an article ready to insert.
type prepared struct {
	article  corpus.Article
	passages []passage.Passage
	terms    [][]string
	texts    []string // each passage's title and text: what the bm25 index reads and the embedder sees
	dates    []byte   // JSON of its temporal expressions
	parts    []byte
}

// add prepares the articles (in parallel), embeds their passages and
// inserts them.
func (w *writer) add(ctx context.Context, arts []corpus.Article, emb embed.Embedder, progress func(int, int)) error {
	if len(arts) == 0 {
		return nil
	}
	preps := make([]prepared, len(arts))
	err := index.Parallel(ctx, len(arts), func(i int) {
		a := arts[i]
		ps := passage.Split(0, a.Text, passage.DefaultSizes)
		dates, _ := json.Marshal(timex.Tag(a.Text, a.Published))
		parts, _ := json.Marshal(a.Parts)
		if a.Parts == nil {
			parts = []byte("[]")
		}
		texts := make([]string, len(ps))
		for j, p := range ps {
			texts[j] = index.EmbedText(&a, p)
		}
		preps[i] = prepared{article: a, passages: ps, terms: passageTerms(&a, ps), texts: texts, dates: dates, parts: parts}
	})
	if err != nil {
		return fmt.Errorf("sync: prepare articles: %w", err)
	}
	ids, err := w.insertArticles(ctx, preps)
	if err != nil {
		return err
	}
	pids, err := w.insertPassages(ctx, preps, ids)
	if err != nil {
		return err
	}
	if w.store.caps.Vector {
		if err := w.insertVectors(ctx, preps, pids, emb, progress); err != nil {
			return err
		}
	}
	if w.store.caps.Lexical == LexicalPostings {
		if err := w.insertPostings(ctx, preps, pids); err != nil {
			return err
		}
	}
	for _, p := range preps {
		for _, terms := range p.terms {
			w.count(terms, +1)
		}
	}
	return nil
}

// Batch sizes for the array-valued inserts.
const (
	articleBatch = 500
	passageBatch = 5000
	vectorBatch  = 2000
	postingBatch = 50000
)

func (w *writer) insertArticles(ctx context.Context, preps []prepared) ([]int64, error) {
	gen := w.stats.generation + 1
	ids := make([]int64, 0, len(preps))
	for lo := 0; lo < len(preps); lo += articleBatch {
		batch := preps[lo:min(lo+articleBatch, len(preps))]
		var keys, hashes, titles, urls, sources, feeds, copies, paths, bodies, parts, dates []string
		var published []*time.Time
		for _, p := range batch {
			a := p.article
			keys = append(keys, a.ID)
			hashes = append(hashes, articleHash(a))
			titles = append(titles, a.Title)
			published = append(published, timeOrNil(a.Published))
			urls, sources, feeds = append(urls, a.URL), append(sources, a.Source), append(feeds, a.Feed)
			also, _ := json.Marshal(nonNil(a.AlsoIn)) // a []corpus.Copy cannot fail
			copies = append(copies, string(also))
			paths, bodies = append(paths, a.Path), append(bodies, a.Text)
			parts, dates = append(parts, string(p.parts)), append(dates, string(p.dates))
		}
		// also_in keeps the copies' names for replicas of the version before
		// (see migration 4).
		rows, err := w.tx.Query(ctx, `INSERT INTO articles (key, hash, title, published, url, source, feed, also_in, copies, path, body, parts, dates, gen)
			SELECT k, h, t, pub, u, s, f,
				ARRAY(SELECT coalesce(nullif(c->>'source', ''), c->>'url') FROM jsonb_array_elements(ai::jsonb) AS c),
				ai::jsonb, pa, b, pt::jsonb, d::jsonb, $12
			FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $13::text[])
				WITH ORDINALITY AS x(k, h, t, pub, u, s, f, ai, pa, b, pt, d, n)
			ORDER BY n
			RETURNING id, key`,
			keys, hashes, titles, published, urls, sources, feeds, copies, paths, bodies, parts, gen, dates)
		if err != nil {
			return nil, fmt.Errorf("sync: insert articles: %w", err)
		}
		byKey := map[string]int64{}
		var id int64
		var key string
		if _, err := pgx.ForEachRow(rows, []any{&id, &key}, func() error {
			byKey[key] = id
			return nil
		}); err != nil {
			return nil, fmt.Errorf("sync: insert articles: %w", err)
		}
		for _, k := range keys {
			ids = append(ids, byKey[k])
		}
	}
	return ids, nil
}

// insertPassages inserts every prepared passage and returns their row
// IDs, per article and in order.
func (w *writer) insertPassages(ctx context.Context, preps []prepared, ids []int64) ([][]int64, error) {
	type row struct {
		article      int64
		seq, st, end int32
		terms        int32
		lexical, src string
		feed         string
		published    *time.Time
		prep, inArt  int
	}
	var all []row
	for i, p := range preps {
		a := &p.article
		for j, ps := range p.passages {
			all = append(all, row{article: ids[i], seq: int32(j), st: int32(ps.Start), end: int32(ps.End),
				terms: int32(len(p.terms[j])), lexical: p.texts[j], src: a.Source, feed: a.Feed,
				published: timeOrNil(a.Published), prep: i, inArt: j})
		}
	}
	out := make([][]int64, len(preps))
	for i, p := range preps {
		out[i] = make([]int64, len(p.passages))
	}
	for lo := 0; lo < len(all); lo += passageBatch {
		batch := all[lo:min(lo+passageBatch, len(all))]
		var arts []int64
		var seqs, starts, ends, terms []int32
		var lex, srcs, feeds []string
		var pubs []*time.Time
		for _, r := range batch {
			arts, seqs, starts, ends, terms = append(arts, r.article), append(seqs, r.seq), append(starts, r.st), append(ends, r.end), append(terms, r.terms)
			lex, srcs, feeds, pubs = append(lex, r.lexical), append(srcs, r.src), append(feeds, r.feed), append(pubs, r.published)
		}
		rows, err := w.tx.Query(ctx, `INSERT INTO passages (article, seq, start_byte, end_byte, terms, lexical, source, feed, published)
			SELECT * FROM unnest($1::bigint[], $2::int[], $3::int[], $4::int[], $5::int[], $6::text[], $7::text[], $8::text[], $9::timestamptz[])
			RETURNING id, article, seq`, arts, seqs, starts, ends, terms, lex, srcs, feeds, pubs)
		if err != nil {
			return nil, fmt.Errorf("sync: insert passages: %w", err)
		}
		type key struct {
			article int64
			seq     int32
		}
		got := map[key]int64{}
		var id, art int64
		var seq int32
		if _, err := pgx.ForEachRow(rows, []any{&id, &art, &seq}, func() error {
			got[key{art, seq}] = id
			return nil
		}); err != nil {
			return nil, fmt.Errorf("sync: insert passages: %w", err)
		}
		for _, r := range batch {
			out[r.prep][r.inArt] = got[key{r.article, r.seq}]
		}
	}
	return out, nil
}

// insertVectors embeds the new passages, as the embedded index does,
// and stores their vectors.
func (w *writer) insertVectors(ctx context.Context, preps []prepared, pids [][]int64, emb embed.Embedder, progress func(int, int)) error {
	type item struct {
		id   int64
		text string
	}
	var items []item
	for i, p := range preps {
		for j, text := range p.texts {
			items = append(items, item{pids[i][j], text})
		}
	}
	for lo := 0; lo < len(items); lo += vectorBatch {
		batch := items[lo:min(lo+vectorBatch, len(items))]
		texts := make([]string, len(batch))
		ids := make([]int64, len(batch))
		for i, it := range batch {
			texts[i], ids[i] = it.text, it.id
		}
		vecs, err := emb.Embed(ctx, texts)
		if err != nil {
			return fmt.Errorf("sync: embed passages: %w", err)
		}
		if len(vecs) != len(texts) {
			return fmt.Errorf("sync: embed passages: got %d vectors for %d texts", len(vecs), len(texts))
		}
		if err := w.ensureVectors(ctx, len(vecs[0])); err != nil {
			return err
		}
		lits := make([]string, len(vecs))
		for i, v := range vecs {
			lits[i] = pgvector.NewVector(v).String()
		}
		if _, err := w.tx.Exec(ctx, `INSERT INTO passage_vectors (passage, embedding)
			SELECT p, e::vector FROM unnest($1::bigint[], $2::text[]) AS x(p, e)`, ids, lits); err != nil {
			return fmt.Errorf("sync: insert vectors: %w", err)
		}
		if progress != nil {
			progress(lo+len(batch), len(items))
		}
	}
	return nil
}

// ensureVectors makes the vector table for the embedder's dimension.
func (w *writer) ensureVectors(ctx context.Context, dim int) error {
	if w.stats.dim == dim {
		return nil
	}
	if w.stats.dim != 0 {
		return fmt.Errorf("%w: vectors of %d dimensions, not %d", ErrOtherEmbedder, w.stats.dim, dim)
	}
	_, err := w.tx.Exec(ctx, fmt.Sprintf(`CREATE TABLE IF NOT EXISTS passage_vectors (
		passage bigint PRIMARY KEY REFERENCES passages (id) ON DELETE CASCADE,
		embedding vector(%d) NOT NULL)`, dim))
	if err != nil {
		return fmt.Errorf("sync: create the vector table: %w", err)
	}
	w.stats.dim = dim
	return nil
}

func (w *writer) insertPostings(ctx context.Context, preps []prepared, pids [][]int64) error {
	var terms []string
	var passages []int64
	var tfs, lens []int32
	flush := func() error {
		if len(terms) == 0 {
			return nil
		}
		w.postings += len(terms)
		_, err := w.tx.Exec(ctx, `INSERT INTO postings (term, passage, tf, len) SELECT * FROM unnest($1::text[], $2::bigint[], $3::int[], $4::int[])`, terms, passages, tfs, lens)
		terms, passages, tfs, lens = terms[:0], passages[:0], tfs[:0], lens[:0]
		return wrap("sync: insert postings", err)
	}
	for i, p := range preps {
		for j, pt := range p.terms {
			for t, tf := range distinct(pt) {
				terms, passages = append(terms, t), append(passages, pids[i][j])
				tfs, lens = append(tfs, int32(tf)), append(lens, int32(len(pt)))
			}
			if len(terms) >= postingBatch {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

// finish writes the term statistics and store figures, and makes the
// search indexes a first load needs.
func (w *writer) finish(ctx context.Context, emb embed.Embedder) error {
	var terms []string
	var deltas []int32
	for t, d := range w.dfDelta {
		if d != 0 {
			terms, deltas = append(terms, t), append(deltas, int32(d))
		}
	}
	if _, err := w.tx.Exec(ctx, `INSERT INTO terms (term, df, gen) SELECT t, d, $3 FROM unnest($1::text[], $2::int[]) AS x(t, d)
		ON CONFLICT (term) DO UPDATE SET df = terms.df + excluded.df, gen = excluded.gen`, terms, deltas, w.stats.generation+1); err != nil {
		return fmt.Errorf("sync: update term statistics: %w", err)
	}
	if err := w.ensureIndexes(ctx); err != nil {
		return err
	}
	st := w.stats
	st.generation++
	st.embedder, st.tagger, st.pipeline = emb.Name(), timex.Version, index.Pipeline
	vals := map[string]string{
		"generation": strconv.FormatInt(st.generation, 10),
		"passages":   strconv.Itoa(st.passages),
		"length":     strconv.FormatInt(st.length, 10),
		"embedder":   st.embedder,
		"dim":        strconv.Itoa(st.dim),
		"tagger":     strconv.Itoa(st.tagger),
		"pipeline":   st.pipeline,
		"lexical":    w.store.caps.Lexical,
		"built":      time.Now().UTC().Format(time.RFC3339),
	}
	for k, v := range vals {
		if _, err := w.tx.Exec(ctx, `INSERT INTO dossier_meta (key, value) VALUES ($1, $2)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, v); err != nil {
			return fmt.Errorf("sync: write %s: %w", k, err)
		}
	}
	return nil
}

func (w *writer) ensureIndexes(ctx context.Context) error {
	if w.store.caps.Vector && w.stats.dim > 0 {
		if _, err := w.tx.Exec(ctx, `CREATE INDEX IF NOT EXISTS passage_vectors_hnsw ON passage_vectors USING hnsw (embedding vector_cosine_ops)`); err != nil {
			return fmt.Errorf("sync: create the HNSW index: %w", err)
		}
	}
	if w.store.caps.Lexical == LexicalBM25Index {
		if _, err := w.tx.Exec(ctx, `CREATE INDEX IF NOT EXISTS passages_bm25 ON passages USING bm25 (lexical) WITH (text_config = 'english')`); err != nil {
			return fmt.Errorf("sync: create the bm25 index: %w", err)
		}
	}
	return nil
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// nonNil is s, or an empty slice for nil, which JSON writes as [].
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
