package main

import (
	"net"
	"path/filepath"
	"strings"
	"testing"
)

// closedURL returns an http URL on loopback where nothing listens.
func closedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}

// With DISCORD_API_URL pointing at a closed port, serve fails naming the
// URL it dialled, not Discord's; and a key in a configured URL is never
// logged at start.
func TestServeNamesTheDialledURLAndHidesURLSecrets(t *testing.T) {
	api := closedURL(t)
	const secret = "URL-SECRET-42"
	t.Setenv("DISCORD_TOKEN", "test-token")
	t.Setenv("DISCORD_APP_ID", "123456789012345678")
	t.Setenv("DISCORD_API_URL", api)
	t.Setenv("DOSSIER_INDEX", filepath.Join(t.TempDir(), "index.snap"))
	t.Setenv("LLM_BASE_URL", closedURL(t)+"/v1?api_key="+secret)
	t.Setenv("LLM_MODEL", "m")
	t.Setenv("DOSSIER_CONFIG", "")
	code, _, errOut := runCLI(t, "", "serve")
	if code == 0 {
		t.Fatalf("serve against a closed port exited 0:\n%s", errOut)
	}
	if want := api + "/api/v9/gateway"; !strings.Contains(errOut, want) {
		t.Errorf("the error does not name %s:\n%s", want, errOut)
	}
	if strings.Contains(errOut, "discord.com") {
		t.Errorf("the error names Discord's URL, which was never dialled:\n%s", errOut)
	}
	if strings.Contains(errOut, secret) {
		t.Errorf("a URL's key was logged:\n%s", errOut)
	}
	if !strings.Contains(errOut, "api_key=REDACTED") {
		t.Errorf("the start log does not show the LLM URL redacted:\n%s", errOut)
	}
}
