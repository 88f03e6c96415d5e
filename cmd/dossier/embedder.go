package main

import (
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
	if cfg.EmbedBaseURL == "" {
		return nil, nil
	}
	return embed.NewOpenAI(cfg.EmbedBaseURL, cfg.EmbedAPIKey, cfg.EmbedModel)
}
