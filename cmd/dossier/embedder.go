package main

import (
	"fmt"
	"os"

	"github.com/dossier-bot/dossier/config"
	"github.com/dossier-bot/dossier/retrieval/embed"
)

// embedderFromEnv returns the embeddings server configured by EMBED_*
// variables, or nil for the built-in GloVe embedder.
func embedderFromEnv() (embed.Embedder, error) {
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		return nil, err
	}
	if err := cfg.Validate(false); err != nil {
		return nil, err
	}
	return embedderFor(cfg)
}

// embedderFor returns the embeddings server cfg names, or nil for the
// built-in GloVe embedder.
func embedderFor(cfg config.Config) (embed.Embedder, error) {
	if cfg.EmbedBaseURL == "" {
		return nil, nil
	}
	emb, err := embed.NewOpenAI(cfg.EmbedBaseURL, cfg.EmbedAPIKey, cfg.EmbedModel)
	if err != nil {
		return nil, fmt.Errorf("embeddings server: %w", err)
	}
	return emb, nil
}
