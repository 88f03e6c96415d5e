package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dossier-bot/dossier/bot/discordtest"
)

// serve with DISCORD_SHARD_ID=1 and DISCORD_SHARD_COUNT=3 identifies as
// shard [1, 3] and leaves the command registration to shard 0.
func TestServeRunsTheConfiguredShard(t *testing.T) {
	fake := discordtest.New(t)
	serveHTTPEnv(t, fake.URL)
	t.Setenv("DISCORD_SHARD_ID", "1")
	t.Setenv("DISCORD_SHARD_COUNT", "3")
	logs := startServe(t, "serve")
	ids := fake.WaitIdentifies(1)
	if len(ids) != 1 || ids[0] == nil || *ids[0] != [2]int{1, 3} {
		t.Errorf("identifies = %v, want one with shard [1 3]", ids)
	}
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(logs.String(), "discord bot ready") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := fake.Count(discordtest.Is("PUT", "/commands")); n != 0 {
		t.Errorf("shard 1 registered the commands %d times, want 0:\n%s", n, logs)
	}
}

// Bad shard settings stop serve before it connects, each named.
func TestServeRejectsBadShards(t *testing.T) {
	serveHTTPEnv(t, closedURL(t))
	for _, tc := range []struct{ id, count, want string }{
		{"1", "", "DISCORD_SHARD_ID: set DISCORD_SHARD_COUNT too"},
		{"", "2", "DISCORD_SHARD_COUNT: set DISCORD_SHARD_ID too"},
		{"3", "3", "DISCORD_SHARD_ID: 3 is out of range"},
		{"0", "0", "DISCORD_SHARD_COUNT: 0 is out of range"},
		{"x", "2", `DISCORD_SHARD_ID: "x" is not a whole number`},
	} {
		t.Run(fmt.Sprintf("%s of %s", tc.id, tc.count), func(t *testing.T) {
			t.Setenv("DISCORD_SHARD_ID", tc.id)
			t.Setenv("DISCORD_SHARD_COUNT", tc.count)
			code, _, errOut := runCLI(t, "", "serve")
			if code == 0 || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, want an error containing %q:\n%s", code, tc.want, errOut)
			}
		})
	}
}
