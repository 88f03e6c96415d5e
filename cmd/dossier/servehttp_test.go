package main

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/bot/discordtest"
	"github.com/dossier-bot/dossier/retrieval/pgstore/pgtest"
)

// serveHTTPEnv sets what serve --http needs but the public key.
func serveHTTPEnv(t *testing.T, apiURL string) {
	t.Setenv("DISCORD_TOKEN", "test-token")
	t.Setenv("DISCORD_APP_ID", discordtest.AppID)
	t.Setenv("DISCORD_GUILD_IDS", discordtest.GuildID)
	t.Setenv("DISCORD_API_URL", apiURL)
	t.Setenv("DOSSIER_INDEX", filepath.Join(t.TempDir(), "index.snap"))
	t.Setenv("DOSSIER_DATA", t.TempDir())
	t.Setenv("DOSSIER_CONFIG", "")
	t.Setenv("LLM_BASE_URL", "")
	t.Setenv("EMBED_BASE_URL", "")
}

// serve --http refuses to start without a well-formed public key.
func TestServeHTTPNeedsAPublicKey(t *testing.T) {
	serveHTTPEnv(t, closedURL(t))
	for key, want := range map[string]string{
		"":                      "DISCORD_PUBLIC_KEY: required with serve --http",
		"abc123":                "DISCORD_PUBLIC_KEY: has 6 characters, want the 64 hex characters",
		strings.Repeat("z", 64): "DISCORD_PUBLIC_KEY: is not hexadecimal",
	} {
		t.Setenv("DISCORD_PUBLIC_KEY", key)
		code, _, errOut := runCLI(t, "", "serve", "--http", "127.0.0.1:0")
		if code == 0 || !strings.Contains(errOut, want) {
			t.Errorf("key %q: exit %d, want an error containing %q:\n%s", key, code, want, errOut)
		}
	}
}

// serve --http answers a signed PING with a PONG and a signed /ask with a
// deferral in the HTTP reply, then the answer by an @original edit; it
// never connects to the gateway.
func TestServeHTTPAnswersSignedInteractions(t *testing.T) {
	fake := discordtest.New(t)
	signer := discordtest.NewSigner(t)
	serveHTTPEnv(t, fake.URL)
	t.Setenv("DISCORD_PUBLIC_KEY", signer.PublicHex())
	addr := strings.TrimPrefix(closedURL(t), "http://")
	url := "http://" + addr + "/"

	ctx := context.Background()
	logs := startServe(t, "serve", "--http", addr)
	fake.WaitCall(0, "command registration", discordtest.Succeeded(discordtest.Is("PUT", "/commands")))

	post := func(body []byte) (int, map[string]any) {
		t.Helper()
		req, err := signer.Request(ctx, url, body, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("POST: %v\n%s", err, logs)
		}
		defer resp.Body.Close()
		var out map[string]any
		_ = json.NewDecoder(resp.Body).Decode(&out)
		return resp.StatusCode, out
	}
	if status, out := post(discordtest.PingPayload); status != 200 || out["type"] != 1.0 {
		t.Fatalf("PING: %d %v, want 200 and type 1", status, out)
	}
	in, body := fake.SlashCommandPayload("ask", map[string]any{"question": "Would Huawei sign a no-spy agreement with the United States?"}, discordtest.Member{UserID: "700000000000000001", Name: "alice"})
	if status, out := post(body); status != 200 || out["type"] != 5.0 {
		t.Fatalf("/ask: %d %v, want 200 and type 5", status, out)
	}
	edit, _ := fake.WaitCall(0, "@original edit", discordtest.Succeeded(discordtest.Is("PATCH", "/webhooks/"+discordtest.AppID+"/"+in.Token+"/messages/@original")))
	if c, _ := edit.Body["content"].(string); !strings.Contains(c, "no-spy") {
		t.Errorf("@original edit is not the answer: %s", edit.Raw)
	}
	if n := fake.Count(discordtest.Is("GET", "/gateway")); n != 0 {
		t.Errorf("serve --http asked for the gateway %d times", n)
	}
	if _, err := net.Dial("tcp", addr); err != nil {
		t.Errorf("not listening on %s: %v", addr, err)
	}
}

// Two serve --http replicas on one shared index, each with its own data
// directory: a corpus loaded into the database beforehand answers
// through either, though neither replica's disk holds it.
func TestServeHTTPReplicasAnswerFromTheSharedIndex(t *testing.T) {
	dbURL := pgtest.Fresh(t, pgtest.Full(t))
	corpus := filepath.Join(t.TempDir(), "articles.jsonl")
	line := `{"id": "lenz-1", "title": "Lenz harbour wall to be rebuilt", "published": "2019-06-04", "text": "The council of Lenz voted on Tuesday to rebuild the harbour wall with granite from the Orla quarry."}` + "\n"
	if err := os.WriteFile(corpus, []byte(line), 0o644); err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runCLI(t, "", "index", "--corpus", corpus, "--database-url", dbURL); code != 0 {
		t.Fatalf("index: exit %d\n%s%s", code, out, errOut)
	}
	fake := discordtest.New(t)
	signer := discordtest.NewSigner(t)
	serveHTTPEnv(t, fake.URL)
	t.Setenv("DISCORD_PUBLIC_KEY", signer.PublicHex())
	t.Setenv("DOSSIER_DATABASE_URL", dbURL)
	ctx := context.Background()
	var addrs []string
	var logs *syncBuffer
	after := 0
	for range 2 {
		t.Setenv("DOSSIER_DATA", t.TempDir())
		addrs = append(addrs, strings.TrimPrefix(closedURL(t), "http://"))
		logs = startServe(t, "serve", "--http", addrs[len(addrs)-1])
		_, n := fake.WaitCall(after, "command registration", discordtest.Succeeded(discordtest.Is("PUT", "/commands")))
		after = n + 1
	}

	for _, addr := range addrs {
		in, body := fake.SlashCommandPayload("ask", map[string]any{"question": "What will the Lenz harbour wall be rebuilt with?"}, discordtest.Member{UserID: "700000000000000001", Name: "alice"})
		req, err := signer.Request(ctx, "http://"+addr+"/", body, time.Now())
		if err != nil {
			t.Fatal(err)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("POST: %v\n%s", err, logs)
		}
		resp.Body.Close()
		edit, _ := fake.WaitCall(0, "@original edit", discordtest.Succeeded(discordtest.Is("PATCH", "/webhooks/"+discordtest.AppID+"/"+in.Token+"/messages/@original")))
		if c, _ := edit.Body["content"].(string); !strings.Contains(c, "Orla quarry") {
			t.Errorf("replica %s did not answer from the shared index: %s", addr, edit.Raw)
		}
	}
}

// startServe runs dossier with args (a serve command) until the test
// ends, then checks that it stopped cleanly within a minute; it returns
// its log.
func startServe(t *testing.T, args ...string) *syncBuffer {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &syncBuffer{}
	done := make(chan int, 1)
	go func() { done <- run(ctx, args, strings.NewReader(""), io.Discard, logs) }()
	t.Cleanup(func() {
		cancel()
		select {
		case code := <-done:
			if code != 0 {
				t.Errorf("serve exited %d:\n%s", code, logs)
			}
		case <-time.After(time.Minute):
			t.Errorf("serve did not stop within a minute:\n%s", logs)
		}
	})
	return logs
}
