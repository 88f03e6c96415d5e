package bot

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Over HTTP, Discord POSTs each interaction to the application's
// Interactions Endpoint URL and takes the first response as the HTTP
// reply, within 3 seconds. The bot runs the same handlers as for the
// gateway; the reply is whatever they respond first, or a deferral when
// they have not responded within firstReplyWait.
const (
	// firstReplyWait is how long the HTTP handler waits for the
	// handler's first response before deferring on its own.
	firstReplyWait = 2500 * time.Millisecond
	// maxInteractionBody bounds a request's body; Discord's are a few kB.
	maxInteractionBody = 1 << 20
)

// RunHTTP registers the slash commands like Run, then answers the
// interactions POSTed to ln (the Interactions Endpoint URL, behind
// whatever terminates TLS) until ctx is done, with no gateway
// connection; then it stops serving and waits for running handlers.
// Options.AppID and Options.PublicKey are required.
func (b *Bot) RunHTTP(ctx context.Context, ln net.Listener) error {
	if b.opts.AppID == "" {
		return errors.New("bot: no application ID (set DISCORD_APP_ID; HTTP interactions have no READY to take it from)")
	}
	if len(b.opts.PublicKey) != ed25519.PublicKeySize {
		return errors.New("bot: no application public key (set DISCORD_PUBLIC_KEY)")
	}
	b.begin(ctx)
	defer b.shutdown()
	if err := b.register(b.opts.AppID); err != nil {
		return err
	}
	mux := http.NewServeMux()
	mux.Handle("/", b.InteractionsHandler())
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		// Serving at all means the index is open: RunHTTP starts after it.
		fmt.Fprintln(w, "ok")
	})
	srv := &http.Server{
		Handler:           mux,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       2 * time.Minute,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	b.log.Info("discord bot ready for HTTP interactions", "addr", ln.Addr().String(), "app_id", b.opts.AppID,
		"guilds", len(b.opts.GuildIDs), "workers", b.opts.Workers, "queue", b.opts.QueueSize)
	select {
	case err := <-served:
		return fmt.Errorf("bot: serve HTTP interactions on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	stop, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(stop); err != nil {
		b.log.Warn("stop serving HTTP interactions", "err", err)
	}
	return nil
}

// InteractionsHandler answers Discord's interaction requests: POST only
// (405), bodies up to 1 MB (413), signed by the application's key with a
// fresh timestamp and never seen before (else 401); a PING gets a PONG,
// any other interaction its first response.
func (b *Bot) InteractionsHandler() http.Handler {
	guard := newReplayGuard(maxSeenSignatures)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "POST only", http.StatusMethodNotAllowed)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxInteractionBody))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "could not read the body", http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		err = guard.verify(r, b.opts.PublicKey, time.Now())
		if err == nil && b.replayedElsewhere(r) {
			err = errReplayRequest
		}
		if err != nil {
			b.log.Debug("interaction request refused", "remote", r.RemoteAddr, "why", err)
			http.Error(w, "invalid request signature", http.StatusUnauthorized)
			return
		}
		var i discordgo.Interaction
		if err := json.Unmarshal(body, &i); err != nil {
			b.log.Warn("undecodable interaction", "err", err)
			http.Error(w, "bad interaction", http.StatusBadRequest)
			return
		}
		if i.Type == discordgo.InteractionPing {
			writeResponse(w, &discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
			return
		}
		if !b.track() {
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
		c := b.newCall(b.session, &i)
		c.reply = newFirstReply()
		go func() {
			defer b.inflight.Done()
			b.interact(c)
		}()
		writeResponse(w, b.awaitFirst(r.Context(), c))
	})
}

// awaitFirst waits for the first response of c, deferring on its own
// after firstReplyWait or when the request is cancelled.
func (b *Bot) awaitFirst(ctx context.Context, c *call) *discordgo.InteractionResponse {
	timer := time.NewTimer(firstReplyWait)
	defer timer.Stop()
	select {
	case resp := <-c.reply.ch:
		return resp
	case <-timer.C:
	case <-ctx.Done():
	}
	return c.expire()
}

// writeResponse writes resp as the HTTP reply: JSON, or multipart when it
// carries files.
func writeResponse(w http.ResponseWriter, resp *discordgo.InteractionResponse) {
	if resp.Data != nil && len(resp.Data.Files) > 0 {
		ctype, body, err := discordgo.MultipartBodyWithJSON(resp, resp.Data.Files)
		if err != nil {
			http.Error(w, "could not encode the response", http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", ctype)
		_, _ = w.Write(body)
		return
	}
	body, err := json.Marshal(resp)
	if err != nil {
		http.Error(w, "could not encode the response", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(body)
}

// kindReplay keeps the signatures of the requests any replica answered,
// for as long as their timestamps are fresh.
const kindReplay = "replay"

// replayedElsewhere reports whether another replica sharing the state
// already took a request with r's signature: a request captured and
// replayed to another replica behind the load balancer is refused too.
// Without a shared state, or while it is down, each replica's own guard
// stands alone.
func (b *Bot) replayedElsewhere(r *http.Request) bool {
	sig := strings.ToLower(r.Header.Get("X-Signature-Ed25519"))
	fresh := true
	b.shared.call(r.Context(), "check a request for replay", func(ctx context.Context, st SharedState) error {
		added, err := st.AddState(ctx, kindReplay, sig, []byte{1}, 2*maxClockSkew)
		if err == nil {
			fresh = added
		}
		return err
	})
	return !fresh
}
