package pgstore

import (
	"context"
	"fmt"
	"maps"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/embed"
	"github.com/dossier-bot/dossier/retrieval/index"
	"github.com/dossier-bot/dossier/retrieval/passage"
	"github.com/dossier-bot/dossier/retrieval/timex"
)

// LoadChanges returns the store's current generation as an Index, built
// from old, an Index this store loaded, by reading only what changed
// since: the articles added and removed, their passages, and the terms
// whose document frequency moved. The result is what Load would return.
// It loads in full when old is not this store's, or the store was
// rebuilt since; it returns old when nothing changed.
func (s *Store) LoadChanges(ctx context.Context, emb embed.Embedder, old *index.Index) (*index.Index, error) {
	sr, ok := old.Searcher().(*searcher)
	if !ok || sr.store != s || sr.emb.Name() != emb.Name() {
		return s.Load(ctx, emb)
	}
	tx, st, err := s.snapshot(ctx)
	if err != nil {
		return nil, err
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if st.generation == sr.generation {
		return old, nil
	}
	rebuilt, err := metaValue(ctx, tx, "rebuilt")
	if err != nil {
		return nil, err
	}
	if r, _ := strconv.ParseInt(rebuilt, 10, 64); r > sr.generation || st.embedder != emb.Name() {
		tx.Rollback(ctx)
		return s.Load(ctx, emb)
	}
	removed, err := removedSince(ctx, tx, sr.generation)
	if err != nil {
		return nil, err
	}
	rows, err := tx.Query(ctx, `SELECT `+articleColumns+` FROM articles WHERE gen > $1 ORDER BY id`, sr.generation)
	if err != nil {
		return nil, fmt.Errorf("load new articles: %w", err)
	}
	added, addedRows, addedDates, err := scanArticlesDates(rows)
	if err != nil {
		return nil, err
	}
	arts, artRows, dates, passages, passageIDs := keptOf(old, sr, removed, len(added))
	newPassages, newIDs, err := readPassages(ctx, tx, added, addedRows, len(arts))
	if err != nil {
		return nil, err
	}
	arts, artRows, dates = append(arts, added...), append(artRows, addedRows...), append(dates, addedDates...)
	passages, passageIDs = append(passages, newPassages...), append(passageIDs, newIDs...)
	df, err := readTerms(ctx, tx, maps.Clone(sr.df), sr.generation)
	if err != nil {
		return nil, err
	}
	return s.newIndex(ctx, tx, st, emb, arts, artRows, dates, passages, passageIDs, df)
}

// removedSince returns the article rows removed after generation gen.
func removedSince(ctx context.Context, tx pgx.Tx, gen int64) (map[int64]bool, error) {
	rows, err := tx.Query(ctx, `SELECT id FROM removed_articles WHERE gen > $1`, gen)
	if err != nil {
		return nil, fmt.Errorf("load removed articles: %w", err)
	}
	out := map[int64]bool{}
	var id int64
	_, err = pgx.ForEachRow(rows, []any{&id}, func() error {
		out[id] = true
		return nil
	})
	return out, wrap("load removed articles", err)
}

// keptOf returns old's articles that were not removed, with their rows,
// dates, passages (renumbered to the kept articles' new positions) and
// passage rows, with room for extra articles more.
func keptOf(old *index.Index, sr *searcher, removed map[int64]bool, extra int) ([]corpus.Article, []int64, [][]timex.Expression, []passage.Passage, []int64) {
	n := len(old.Articles) - len(removed) + extra
	arts := make([]corpus.Article, 0, max(n, 0))
	rows := make([]int64, 0, max(n, 0))
	dates := make([][]timex.Expression, 0, max(n, 0))
	newPos := make([]int, len(old.Articles))
	for i, a := range old.Articles {
		newPos[i] = -1
		if removed[sr.articleRows[i]] {
			continue
		}
		newPos[i] = len(arts)
		arts, rows, dates = append(arts, a), append(rows, sr.articleRows[i]), append(dates, old.Dates[i])
	}
	var passages []passage.Passage
	var ids []int64
	for i, p := range old.Passages {
		if pos := newPos[p.Article]; pos >= 0 {
			p.Article = pos
			passages, ids = append(passages, p), append(ids, sr.ids[i])
		}
	}
	return arts, rows, dates, passages, ids
}
