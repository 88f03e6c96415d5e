package config

import (
	"strings"
	"testing"
)

func TestShardsValid(t *testing.T) {
	for _, kv := range []map[string]string{
		{},
		{"DISCORD_SHARD_ID": "0", "DISCORD_SHARD_COUNT": "1"},
		{"DISCORD_SHARD_ID": "2", "DISCORD_SHARD_COUNT": "3"},
	} {
		c, err := Load(env(kv))
		if err == nil {
			err = c.Validate(false)
		}
		if err != nil {
			t.Errorf("%v: %v", kv, err)
		}
	}
	c, _ := Load(env(map[string]string{"DISCORD_SHARD_ID": "1", "DISCORD_SHARD_COUNT": "3"}))
	if c.ShardID != 1 || c.ShardCount != 3 {
		t.Errorf("ShardID, ShardCount = %d, %d, want 1, 3", c.ShardID, c.ShardCount)
	}
}

// Every bad shard setting is named, beside the other problems.
func TestShardsProblems(t *testing.T) {
	for _, tc := range []struct {
		kv   map[string]string
		want []string
	}{
		{map[string]string{"DISCORD_SHARD_ID": "1"}, []string{"DISCORD_SHARD_ID: set DISCORD_SHARD_COUNT too"}},
		{map[string]string{"DISCORD_SHARD_COUNT": "2"}, []string{"DISCORD_SHARD_COUNT: set DISCORD_SHARD_ID too"}},
		{map[string]string{"DISCORD_SHARD_ID": "0", "DISCORD_SHARD_COUNT": "0"}, []string{"DISCORD_SHARD_COUNT: 0 is out of range (at least 1)"}},
		{map[string]string{"DISCORD_SHARD_ID": "0", "DISCORD_SHARD_COUNT": "-2"}, []string{"DISCORD_SHARD_COUNT: -2 is out of range"}},
		{map[string]string{"DISCORD_SHARD_ID": "3", "DISCORD_SHARD_COUNT": "3"}, []string{"DISCORD_SHARD_ID: 3 is out of range (0 to DISCORD_SHARD_COUNT-1 = 2)"}},
		{map[string]string{"DISCORD_SHARD_ID": "-1", "DISCORD_SHARD_COUNT": "3"}, []string{"DISCORD_SHARD_ID: -1 is out of range"}},
		{map[string]string{"DISCORD_SHARD_ID": "one", "DISCORD_SHARD_COUNT": "2.5", "LOG_LEVEL": "loud"},
			[]string{`DISCORD_SHARD_ID: "one" is not a whole number`, `DISCORD_SHARD_COUNT: "2.5" is not a whole number`, "LOG_LEVEL"}},
	} {
		c, _ := Load(env(tc.kv))
		err := c.Validate(false)
		if err == nil {
			t.Errorf("%v: no error", tc.kv)
			continue
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%v: error does not say %q:\n%v", tc.kv, w, err)
			}
		}
		if n := strings.Count(err.Error(), "\n") + 1; n != len(tc.want) {
			t.Errorf("%v: %d problems, want %d:\n%v", tc.kv, n, len(tc.want), err)
		}
	}
}
