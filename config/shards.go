package config

import (
	"errors"
	"strconv"
)

// shardPresence reports what the raw DISCORD_SHARD_ID and
// DISCORD_SHARD_COUNT values break that Validate cannot see once parsed:
// that both are set or neither, and that a set count is at least 1 (0 is
// also the parsed value of an unset count, which means automatic).
func shardPresence(rawID, rawCount string) []error {
	var problems []error
	switch {
	case rawID != "" && rawCount == "":
		problems = append(problems, errors.New("DISCORD_SHARD_ID: set DISCORD_SHARD_COUNT too (both or neither; neither = the shards Discord recommends, all in this process)"))
	case rawID == "" && rawCount != "":
		problems = append(problems, errors.New("DISCORD_SHARD_COUNT: set DISCORD_SHARD_ID too (both or neither; neither = the shards Discord recommends, all in this process)"))
	}
	if n, err := strconv.Atoi(rawCount); err == nil && n == 0 {
		problems = append(problems, errors.New("DISCORD_SHARD_COUNT: 0 is out of range (at least 1)"))
	}
	return problems
}
