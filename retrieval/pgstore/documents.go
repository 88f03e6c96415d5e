package pgstore

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
)

// MaxDocument bounds a shared document.
const MaxDocument = 16 << 20

// GetDocument returns the named shared document and when it was last
// put, or ok false when there is none.
func (s *Store) GetDocument(ctx context.Context, name string) (body []byte, updated time.Time, ok bool, err error) {
	err = s.pool.QueryRow(ctx, `SELECT body, updated FROM documents WHERE name = $1`, name).Scan(&body, &updated)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, time.Time{}, false, nil
	}
	if err != nil {
		return nil, time.Time{}, false, fmt.Errorf("read shared document %s: %w", name, err)
	}
	return body, updated, true, nil
}

// PutDocument stores body as the named shared document.
func (s *Store) PutDocument(ctx context.Context, name string, body []byte) error {
	if len(body) > MaxDocument {
		return fmt.Errorf("shared document %s: %d bytes, more than %d", name, len(body), MaxDocument)
	}
	_, err := s.pool.Exec(ctx, `INSERT INTO documents (name, body, updated) VALUES ($1, $2, now())
		ON CONFLICT (name) DO UPDATE SET body = excluded.body, updated = now()`, name, body)
	return wrap("write shared document "+name, err)
}

// UpdateDocument lets change turn the named document (nil when there is
// none) into its new body, and stores it, with the document's row locked
// meanwhile so that updates from several replicas never lose one
// another's changes. Nothing is stored when change returns an error.
func (s *Store) UpdateDocument(ctx context.Context, name string, change func(old []byte) ([]byte, error)) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("update shared document %s: %w", name, err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx))
	if _, err := tx.Exec(ctx, `INSERT INTO documents (name, body) VALUES ($1, '') ON CONFLICT (name) DO NOTHING`, name); err != nil {
		return fmt.Errorf("update shared document %s: %w", name, err)
	}
	var old []byte
	if err := tx.QueryRow(ctx, `SELECT body FROM documents WHERE name = $1 FOR UPDATE`, name).Scan(&old); err != nil {
		return fmt.Errorf("update shared document %s: %w", name, err)
	}
	if len(old) == 0 {
		old = nil
	}
	body, err := change(old)
	if err != nil {
		return err
	}
	if len(body) > MaxDocument {
		return fmt.Errorf("shared document %s: %d bytes, more than %d", name, len(body), MaxDocument)
	}
	if _, err := tx.Exec(ctx, `UPDATE documents SET body = $2, updated = now() WHERE name = $1`, name, body); err != nil {
		return fmt.Errorf("update shared document %s: %w", name, err)
	}
	return wrap("update shared document "+name, tx.Commit(ctx))
}
