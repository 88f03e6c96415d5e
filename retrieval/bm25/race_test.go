//go:build race

package bm25

// raceEnabled is true when tests run under the race detector, which makes
// the real-data quality test too slow to run.
const raceEnabled = true
