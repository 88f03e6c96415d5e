package corpus

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"testing"
	"testing/fstest"
	"time"
)

// stuckLoader returns a loader over fsys whose parser never returns for
// stuck.txt (until the test ends) and parses every other file as usual.
// started is closed once the stuck parse has begun.
func stuckLoader(t *testing.T, fsys fstest.MapFS, opts Options) (l *loader, started chan struct{}) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	started = make(chan struct{})
	l = newLoader(fsys, opts)
	l.parse = func(f format, text string) (Article, error) {
		if text == "stuck" {
			close(started)
			<-release
		}
		return safeParse(f, text)
	}
	return l, started
}

func TestLoadSkipsFileOverTimeBudget(t *testing.T) {
	fsys := fstest.MapFS{
		"a.txt":     {Data: []byte("First\n\nOne story.")},
		"stuck.txt": {Data: []byte("stuck")},
		"z.md":      {Data: []byte("# Last\n\nAnother story.")},
	}
	var logs bytes.Buffer
	opts := quiet(&logs)
	opts.FileTimeout = 50 * time.Millisecond
	l, _ := stuckLoader(t, fsys, opts)
	var res *Result
	var err error
	done := make(chan struct{})
	go func() {
		defer close(done)
		res, err = l.loadTree(context.Background())
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("load waited for the stuck parse")
	}
	if err != nil {
		t.Fatal(err)
	}
	want := []Skipped{{Path: "stuck.txt", Reason: "took longer than 50ms to parse"}}
	if !reflect.DeepEqual(res.Skipped, want) || len(res.Articles) != 2 {
		t.Errorf("skipped %+v, %d articles; want %+v and 2", res.Skipped, len(res.Articles), want)
	}
}

// A stuck parse does not hold up cancellation, as on SIGTERM.
func TestLoadCancelledDuringStuckParse(t *testing.T) {
	fsys := fstest.MapFS{"stuck.txt": {Data: []byte("stuck")}}
	var logs bytes.Buffer
	opts := quiet(&logs)
	opts.FileTimeout = time.Hour
	l, started := stuckLoader(t, fsys, opts)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-started
		cancel()
	}()
	done := make(chan error, 1)
	go func() {
		_, err := l.loadTree(ctx)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("load did not return after cancellation")
	}
}
