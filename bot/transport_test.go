package bot

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestAPIClientRewritesSchemeAndHostOnly(t *testing.T) {
	var got *http.Request
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		io.WriteString(w, "{}")
	}))
	defer srv.Close()
	client, err := NewAPIClient(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := client.Get("https://discord.com/api/v9/channels/1/messages?limit=5")
	if err != nil {
		t.Fatalf("request through the rewrite: %v", err)
	}
	resp.Body.Close()
	if got == nil || got.URL.Path != "/api/v9/channels/1/messages" || got.URL.RawQuery != "limit=5" {
		t.Errorf("proxy saw %v, want the same path and query", got.URL)
	}
	for _, bad := range []string{"", "discord.com", "ftp://x", "http://"} {
		if _, err := NewAPIClient(bad); err == nil {
			t.Errorf("NewAPIClient(%q) accepted", bad)
		}
	}
}
