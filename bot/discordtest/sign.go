package discordtest

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strconv"
	"testing"
	"time"
)

// PingPayload is the JSON of the PING Discord sends to check an
// Interactions Endpoint URL.
var PingPayload = []byte(`{"id":"900000000000000009","application_id":"` + AppID + `","type":1,"token":"ping-token","version":1}`)

// Signer signs interaction requests as Discord does: X-Signature-Ed25519
// is the hex Ed25519 signature of X-Signature-Timestamp (Unix seconds)
// followed by the body.
type Signer struct {
	Public  ed25519.PublicKey
	private ed25519.PrivateKey
}

// NewSigner makes a signer with a fresh key pair.
func NewSigner(t testing.TB) *Signer {
	t.Helper()
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return &Signer{Public: pub, private: priv}
}

// PublicHex is the public key as DISCORD_PUBLIC_KEY holds it.
func (s *Signer) PublicHex() string { return hex.EncodeToString(s.Public) }

// Request is a POST of body to url signed at the time at.
func (s *Signer) Request(ctx context.Context, url string, body []byte, at time.Time) (*http.Request, error) {
	r, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	ts := strconv.FormatInt(at.Unix(), 10)
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("X-Signature-Timestamp", ts)
	r.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(s.private, append([]byte(ts), body...))))
	return r, nil
}
