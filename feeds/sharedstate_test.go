package feeds

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sync"
	"testing"

	"github.com/dossier-bot/dossier/retrieval/corpus"
)

// memState is a feed state that several pollers share, as replicas
// share one in the database.
type memState struct {
	mu   sync.Mutex
	body []byte
}

func (m *memState) Read() (*State, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	st := &State{}
	if len(m.body) > 0 {
		if err := json.Unmarshal(m.body, st); err != nil {
			return nil, err
		}
	}
	return st, nil
}

func (m *memState) Update(change func(*State) error) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	st := &State{}
	if len(m.body) > 0 {
		if err := json.Unmarshal(m.body, st); err != nil {
			return err
		}
	}
	if err := change(st); err != nil {
		return err
	}
	body, err := json.Marshal(st)
	if err != nil {
		return err
	}
	m.body = body
	return nil
}

// Replicas share the feed state but each keeps the articles it fetched
// in its own data directory. After the leader changes, a syndicated copy
// of a story the old leader stored must still merge into that story,
// not be stored again as a new article of the shared index.
func TestCopiesMergeAcrossALeaderChange(t *testing.T) {
	fs := newFeedServer(t)
	fs.set("/one.xml", "application/rss+xml", rssDoc(rssItem("one-1", "Harbour wall to be rebuilt", fs.URL+"/a/1", "Tue, 04 Jun 2019 10:00:00 GMT", story)))
	fs.set("/two.xml", "application/rss+xml", rssDoc())
	state := &memState{}
	first := &Poller{Dir: t.TempDir(), AllowPrivate: true, State: state}
	mustAdd(t, first, fs.URL+"/one.xml")
	mustAdd(t, first, fs.URL+"/two.xml")
	if _, err := first.Poll(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	// The first leader dies; the copy appears in the other feed.
	fs.set("/two.xml", "application/rss+xml", `<?xml version="1.0"?><rss version="2.0"><channel><title>Coast Wire</title>`+
		rssItem("two-9", "Harbour wall to be rebuilt", "https://wire.example/harbour", "Tue, 04 Jun 2019 14:00:00 GMT", "By a staff writer. "+story)+`</channel></rss>`)
	second := &Poller{Dir: t.TempDir(), AllowPrivate: true, State: state, Stored: indexOf(first)}
	res, err := second.Poll(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	var added int
	for _, r := range res {
		added += r.New
	}
	if added != 0 {
		t.Errorf("the new leader stored %d new articles for a copy of a story already indexed: %+v", added, res)
	}
	got, err := corpus.Load(context.Background(), ArticlesDir(second.Dir), corpus.Options{})
	if err != nil || len(got.Articles) != 1 || !slices.Contains(corpus.CopyNames(got.Articles[0].AlsoIn), "Coast Wire") {
		t.Errorf("the new leader's copy of the story does not name the other source: %+v, %v", got, err)
	}
}

// indexOf stands in for the index replicas share: the articles p stored.
func indexOf(p *Poller) func(context.Context, string) (corpus.Article, bool, error) {
	return func(ctx context.Context, id string) (corpus.Article, bool, error) {
		res, err := corpus.Load(ctx, ArticlesDir(p.Dir), corpus.Options{})
		if err != nil {
			return corpus.Article{}, false, err
		}
		for _, a := range res.Articles {
			if a.ID == id {
				return a, true, nil
			}
		}
		return corpus.Article{}, false, nil
	}
}

// A story restored from the shared index keeps its copies' links: when
// a third feed carries a copy the story already lists, the new leader
// sees the link and does not list the copy twice.
func TestRestoredStoryKnowsItsCopies(t *testing.T) {
	fs := newFeedServer(t)
	wire := func(channel string) string {
		return `<?xml version="1.0"?><rss version="2.0"><channel><title>` + channel + `</title>` +
			rssItem(channel+"-9", "Harbour wall to be rebuilt", "https://wire.example/harbour", "Tue, 04 Jun 2019 14:00:00 GMT", "By a staff writer. "+story) + `</channel></rss>`
	}
	fs.set("/one.xml", "application/rss+xml", rssDoc(rssItem("one-1", "Harbour wall to be rebuilt", fs.URL+"/a/1", "Tue, 04 Jun 2019 10:00:00 GMT", story)))
	fs.set("/two.xml", "application/rss+xml", wire("Coast Wire"))
	fs.set("/three.xml", "application/rss+xml", rssDoc())
	state := &memState{}
	first := &Poller{Dir: t.TempDir(), AllowPrivate: true, State: state}
	for _, f := range []string{"/one.xml", "/two.xml", "/three.xml"} {
		mustAdd(t, first, fs.URL+f)
	}
	if _, err := first.Poll(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	fs.set("/three.xml", "application/rss+xml", wire("Wire Digest"))
	second := &Poller{Dir: t.TempDir(), AllowPrivate: true, State: state, Stored: indexOf(first)}
	if _, err := second.Poll(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(ArticlesDir(second.Dir), "*", "*", "*.md"))
	if len(files) != 1 {
		t.Fatalf("the new leader holds %d article files, want the restored story", len(files))
	}
	a, err := readArticle(files[0])
	if err != nil {
		t.Fatal(err)
	}
	want := []AlsoIn{{Source: "Coast Wire", URL: "https://wire.example/harbour", Feed: fs.URL + "/two.xml"}}
	if !reflect.DeepEqual(a.AlsoIn, want) {
		t.Errorf("the restored story is also in %+v; want %+v", a.AlsoIn, want)
	}
}

// A feed that sends its copy of a story again under a new GUID, as feeds
// do when they republish, adds no article: the copy is known, also to a
// state written before merged copies were recorded, by the story's file.
func TestARepublishedCopyIsNoNewStory(t *testing.T) {
	for _, forget := range []bool{false, true} {
		republishCopy(t, forget)
	}
}

func republishCopy(t *testing.T, forgetCopies bool) {
	fs := newFeedServer(t)
	wire := func(guid string) string {
		return `<?xml version="1.0"?><rss version="2.0"><channel><title>Coast Wire</title>` +
			rssItem(guid, "Harbour wall to be rebuilt", "https://wire.example/harbour", "Tue, 04 Jun 2019 14:00:00 GMT", "By a staff writer. "+story) + `</channel></rss>`
	}
	fs.set("/one.xml", "application/rss+xml", rssDoc(rssItem("one-1", "Harbour wall to be rebuilt", fs.URL+"/a/1", "Tue, 04 Jun 2019 10:00:00 GMT", story)))
	fs.set("/two.xml", "application/rss+xml", wire("two-9"))
	p := newPoller(t)
	mustAdd(t, p, fs.URL+"/one.xml")
	mustAdd(t, p, fs.URL+"/two.xml")
	if _, err := p.Poll(context.Background(), true); err != nil {
		t.Fatal(err)
	}
	if forgetCopies {
		// A state written before merged copies were recorded.
		path := StateFile(p.Dir)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		old := regexp.MustCompile(`,?\s*"copies":\s*\[[^\]]*\]`).ReplaceAll(data, nil)
		if bytes.Equal(old, data) {
			t.Fatal("the state records no copies")
		}
		if err := os.WriteFile(path, old, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	fs.set("/two.xml", "application/rss+xml", wire("two-9-updated"))
	res, err := p.Poll(context.Background(), true)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.New != 0 {
			t.Errorf("%s: %d new articles for a copy sent again: %+v", r.Feed, r.New, res)
		}
	}
	if arts := loadArticles(t, p); len(arts) != 1 || len(arts[0].AlsoIn) != 1 {
		t.Errorf("articles %+v; want the story once, with its copy once", arts)
	}
}
