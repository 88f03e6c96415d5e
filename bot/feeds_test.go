package bot

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dossier-bot/dossier/bot/discordtest"
	"github.com/dossier-bot/dossier/feeds"
	"github.com/dossier-bot/dossier/retrieval"
)

// feedServer serves one RSS feed with one long item.
func feedServer(t *testing.T) *httptest.Server {
	body := strings.Repeat("The council of Lenz voted on Tuesday to rebuild the harbour wall with granite from the Orla quarry. ", 20)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Lenz Gazette</title>`+
			`<item><guid>g1</guid><title>Lenz harbour wall to be rebuilt</title><link>https://gazette.example/harbour?utm_source=rss</link>`+
			`<pubDate>Tue, 04 Jun 2019 10:00:00 GMT</pubDate><description>%s</description></item></channel></rss>`, body)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// finalEdit waits for the @original edit of in whose content starts with
// prefix.
func (h *harness) finalEdit(after int, in discordtest.Interaction, prefix string) discordtest.Call {
	h.t.Helper()
	c, _ := h.fake.WaitCall(after, "edit starting "+prefix, func(c discordtest.Call) bool {
		return discordtest.Succeeded(discordtest.Is("PATCH", "/webhooks/"+discordtest.AppID+"/"+in.Token+"/messages/@original"))(c) &&
			strings.HasPrefix(content(c.Body), prefix)
	})
	return c
}

func TestFeedsAddReindexAskAndLatest(t *testing.T) {
	t.Parallel()
	srv := feedServer(t)
	data := t.TempDir()
	dir := feeds.ArticlesDir(data)
	poller := &feeds.Poller{Dir: data, Logger: slog.New(slog.DiscardHandler), AllowPrivate: true}
	eng, _, err := retrieval.Open(context.Background(), retrieval.Options{Logger: slog.New(slog.DiscardHandler)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	onSeeds := true
	refresh := func(ctx context.Context, full bool) error {
		if onSeeds {
			onSeeds = false
			_, err := eng.UseCorpus(ctx, dir, nil)
			return err
		}
		_, err := eng.Refresh(ctx, nil)
		return err
	}
	h := start(t, eng, func(o *Options) { o.Feeds, o.Refresh = poller, refresh }, nil)

	// Not for members.
	n := len(h.fake.Calls())
	in := h.fake.SlashSubcommand("feeds", "add", map[string]any{"url": srv.URL + "/rss"}, alice)
	if cb, _ := h.callback(n, in); !strings.Contains(content(cb.Body["data"].(map[string]any)), "Only server administrators") {
		t.Fatalf("a member added a feed: %s", cb.Raw)
	}
	// An administrator adds it; a bad URL is refused in plain words.
	in = h.fake.SlashSubcommand("feeds", "add", map[string]any{"url": "ftp://example.com/feed"}, admin)
	if cb, _ := h.callback(n, in); !strings.Contains(content(cb.Body["data"].(map[string]any)), "not a feed URL") {
		t.Errorf("a bad URL: %s", cb.Raw)
	}
	in = h.fake.SlashSubcommand("feeds", "add", map[string]any{"url": srv.URL + "/rss"}, admin)
	cb, _ := h.callback(n, in)
	if d := cb.Body["data"].(map[string]any); flags(d) != 64 || !strings.HasPrefix(content(d), "Added `"+srv.URL+"/rss`") {
		t.Fatalf("feeds add answered %s", cb.Raw)
	}

	// /reindex polls every feed and brings the index up to date.
	n = len(h.fake.Calls())
	in = h.fake.SlashCommand("reindex", nil, admin)
	done := h.finalEdit(n, in, "Feeds polled")
	if !strings.Contains(content(done.Body), "1 new articles") {
		t.Errorf("reindex summary %q", content(done.Body))
	}
	n = len(h.fake.Calls())
	in = h.fake.SlashCommand("ask", map[string]string{"question": "What will the Lenz harbour wall be rebuilt with?"}, alice)
	edit, _ := h.original(n, in)
	if !strings.Contains(string(edit.Raw), "Orla quarry") {
		t.Errorf("the polled article does not answer: %s", edit.Raw)
	}

	// /feeds list shows the feed with its title, items and state.
	n = len(h.fake.Calls())
	in = h.fake.SlashSubcommand("feeds", "list", nil, admin)
	cb, _ = h.callback(n, in)
	list := embedsOf(cb.Body["data"].(map[string]any))
	if len(list) != 1 || !strings.Contains(list[0]["description"].(string), "**Lenz Gazette**") || !strings.Contains(list[0]["description"].(string), "1 items") {
		t.Errorf("feeds list %s", cb.Raw)
	}

	// /latest lists the newest article, with its canonical link and feed.
	n = len(h.fake.Calls())
	in = h.fake.SlashCommand("latest", map[string]string{"topic": "harbour"}, alice)
	if cb, _ := h.callback(n, in); callbackType(cb) != 5 {
		t.Errorf("/latest is not deferred: %s", cb.Raw)
	}
	le, _ := h.original(n, in)
	latest := embedsOf(le.Body)
	if len(latest) != 1 || !strings.Contains(latest[0]["description"].(string), "[Lenz harbour wall to be rebuilt](https://gazette.example/harbour)") ||
		!strings.Contains(latest[0]["description"].(string), "feed 127.0.0.1") {
		t.Errorf("latest %s", le.Raw)
	}

	// Removing it keeps the articles.
	n = len(h.fake.Calls())
	in = h.fake.SlashSubcommand("feeds", "remove", map[string]any{"url": srv.URL + "/rss"}, admin)
	if cb, _ := h.callback(n, in); !strings.HasPrefix(content(cb.Body["data"].(map[string]any)), "Removed") {
		t.Errorf("feeds remove %s", cb.Raw)
	}
	if files, _ := filepath.Glob(filepath.Join(dir, "*", "*", "*.md")); len(files) != 1 {
		t.Errorf("articles after removing the feed: %v", files)
	}
}

func TestFeedsWithoutADataDirectory(t *testing.T) {
	t.Parallel()
	h := start(t, nil, nil, nil)
	n := len(h.fake.Calls())
	in := h.fake.SlashSubcommand("feeds", "list", nil, admin)
	if cb, _ := h.callback(n, in); !strings.Contains(content(cb.Body["data"].(map[string]any)), "polls no feeds") {
		t.Errorf("feeds list without feeds: %s", cb.Raw)
	}
}
