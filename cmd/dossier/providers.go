package main

import (
	"fmt"
	"log/slog"
	"os"

	"github.com/dossier-bot/dossier/config"
	"github.com/dossier-bot/dossier/retrieval/embed"
	"github.com/dossier-bot/dossier/retrieval/summarize"
)

// loadConfig reads and validates the configuration: the YAML file at path
// (or $DOSSIER_CONFIG when path is ""), overridden by the environment.
// forServe also requires the Discord settings.
func loadConfig(path string, forServe bool) (config.Config, error) {
	if path == "" {
		path = os.Getenv(config.EnvConfigFile)
	}
	cfg, _ := config.LoadFile(path, os.Getenv) // Validate repeats any load problem
	if err := cfg.Validate(forServe); err != nil {
		return cfg, fmt.Errorf("invalid configuration:\n%w", err)
	}
	return cfg, nil
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

// summarizerFor returns the LLM summarizer cfg configures; callers check
// cfg.LLMEnabled first.
func summarizerFor(cfg config.Config, logger *slog.Logger) (*summarize.Summarizer, error) {
	sum, err := summarize.New(summarize.Options{
		BaseURL: cfg.LLMBaseURL, APIKey: cfg.LLMAPIKey, Model: cfg.LLMModel, Timeout: cfg.LLMTimeout,
		MaxTokens: cfg.LLMMaxTokens, Temperature: float32(cfg.LLMTemperature), Logger: logger,
	})
	if err != nil {
		return nil, fmt.Errorf("LLM summarizer: %w", err)
	}
	return sum, nil
}
