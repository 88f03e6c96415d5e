package benchdata

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"

	"github.com/dossier-bot/dossier/retrieval/corpus"
	"github.com/dossier-bot/dossier/retrieval/embed"
	"github.com/dossier-bot/dossier/retrieval/passage"
)

// Fingerprint identifies an index built by the running test binary from
// these articles with the default passage sizes and this embedder, so a code
// change never reuses a stale snapshot.
func Fingerprint(articles []corpus.Article, emb embed.Embedder) (string, error) {
	h := sha256.New()
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("fingerprint: %w", err)
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", fmt.Errorf("fingerprint: %w", err)
	}
	defer f.Close()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("fingerprint %s: %w", exe, err)
	}
	fmt.Fprintf(h, "%v|%s|%d\n", passage.DefaultSizes, emb.Name(), len(articles))
	for _, a := range articles {
		fmt.Fprintf(h, "%s|%d|%s\n", a.ID, len(a.Text), a.Title)
		io.WriteString(h, a.Text)
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}
