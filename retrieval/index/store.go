package index

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"github.com/philippgille/chromem-go"

	"github.com/dossier-bot/dossier/retrieval/embed"
)

// collectionName is the chromem-go collection that holds passage vectors.
const collectionName = "passages"

// store holds an index's chromem-go DB: one collection of the passage
// vectors, document IDs the passage numbers. Searches scan the matrix,
// so the collection is needed only to export the vectors (Save) and by
// callers of Collection; it is made from the matrix on first use, so
// building or updating an index never pays for it. Filling a collection
// of 100k vectors takes about 45 ms one document at a time, and six
// times that through AddDocuments' goroutine per document.
type store struct {
	once sync.Once
	db   *chromem.DB
	err  error
}

// collection returns the chromem-go collection of the index's vectors,
// making it on first use. Its documents' embeddings share the matrix's
// memory: chromem-go never writes to a stored embedding.
func (ix *Index) collection() (*chromem.Collection, error) {
	if ix.remote != nil {
		return nil, errors.New("the index is kept in a shared store: no in-process collection")
	}
	s := ix.store
	s.once.Do(func() {
		db := chromem.NewDB()
		coll, err := db.CreateCollection(collectionName, nil, embed.Func(ix.embedder))
		if err != nil {
			s.err = fmt.Errorf("create collection: %w", err)
			return
		}
		m := ix.vectors
		ctx := context.Background() // unused: the documents come with embeddings
		for i := range m.rows {
			row := m.data[i*m.dim : (i+1)*m.dim : (i+1)*m.dim]
			if err := coll.AddDocument(ctx, chromem.Document{ID: strconv.Itoa(i), Embedding: row}); err != nil {
				s.err = fmt.Errorf("add vector of passage %d: %w", i, err)
				return
			}
		}
		s.db = db
	})
	if s.err != nil {
		return nil, s.err
	}
	return s.db.GetCollection(collectionName, embed.Func(ix.embedder)), nil
}

// Collection returns the chromem-go collection of passage vectors, whose
// document IDs are passage numbers, or nil when it cannot be made (the
// vectors are empty). It is made on first call; its vectors must not be
// modified.
func (ix *Index) Collection() *chromem.Collection {
	coll, _ := ix.collection()
	return coll
}
