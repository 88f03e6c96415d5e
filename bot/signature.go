package bot

import (
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Every request to the interactions endpoint is signed by Discord with
// the application's key: an Ed25519 signature over the timestamp and the
// body. A request is accepted when its signature holds, its timestamp is
// within maxClockSkew of now, and its signature was not seen before.
const (
	// maxClockSkew is how far a request's timestamp may be from now, in
	// the past or the future.
	maxClockSkew = 5 * time.Minute
	// maxSeenSignatures bounds the signatures remembered against replays
	// (64 bytes each, plus the bookkeeping).
	maxSeenSignatures = 100_000
)

// Why a request was refused; each is answered 401.
var (
	errBadSignature  = errors.New("missing or invalid signature")
	errStaleRequest  = errors.New("timestamp too far from now")
	errReplayRequest = errors.New("signature seen before")
)

// replayGuard remembers the signatures of accepted requests until their
// timestamps go stale, at most max of them (the oldest go first).
type replayGuard struct {
	mu    sync.Mutex
	max   int
	seen  map[string]time.Time // signature -> when it expires
	order []string             // signatures, oldest first
}

func newReplayGuard(max int) *replayGuard {
	return &replayGuard{max: max, seen: map[string]time.Time{}}
}

// fresh records sig, expiring at expires, and reports whether it is new.
func (g *replayGuard) fresh(sig string, expires, now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	for len(g.order) > 0 {
		oldest := g.order[0]
		if exp, ok := g.seen[oldest]; ok && now.Before(exp) && len(g.order) < g.max {
			break
		}
		delete(g.seen, oldest)
		g.order = g.order[1:]
	}
	if _, ok := g.seen[sig]; ok {
		return false
	}
	g.seen[sig] = expires
	g.order = append(g.order, sig)
	return true
}

// verify checks the signature, timestamp and novelty of r, whose body
// the caller has read into body, at now.
func (g *replayGuard) verify(r *http.Request, key ed25519.PublicKey, now time.Time) error {
	if !discordgo.VerifyInteraction(r, key) {
		return errBadSignature
	}
	secs, err := strconv.ParseInt(r.Header.Get("X-Signature-Timestamp"), 10, 64)
	if err != nil {
		return errStaleRequest
	}
	at := time.Unix(secs, 0)
	if d := now.Sub(at); d > maxClockSkew || d < -maxClockSkew {
		return errStaleRequest
	}
	// The decoded bytes, so that the same signature in upper-case hex is
	// the same signature.
	sig, err := hex.DecodeString(r.Header.Get("X-Signature-Ed25519"))
	if err != nil {
		return errBadSignature
	}
	if !g.fresh(string(sig), at.Add(maxClockSkew), now) {
		return errReplayRequest
	}
	return nil
}
