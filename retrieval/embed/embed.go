// Package embed turns text into vectors for the vector half of the index:
// in-process GloVe sentence vectors by default, or any OpenAI-compatible
// embeddings server.
package embed

import (
	"context"

	"github.com/philippgille/chromem-go"
)

// Embedder turns texts into L2-normalised vectors of a fixed dimension.
type Embedder interface {
	// Name identifies the model and method, e.g. "glove-6b-100d-sif/1";
	// an index built with one embedder is never served with another.
	Name() string
	// Dim is the vector length, or 0 when not known until the first call.
	Dim() int
	// Embed returns one vector per text, in order.
	Embed(ctx context.Context, texts []string) ([][]float32, error)
}

// Func adapts an Embedder to the function type chromem-go calls.
func Func(e Embedder) chromem.EmbeddingFunc {
	return func(ctx context.Context, text string) ([]float32, error) {
		vs, err := e.Embed(ctx, []string{text})
		if err != nil {
			return nil, err
		}
		return vs[0], nil
	}
}
