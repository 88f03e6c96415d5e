// Package feeds keeps a data directory of news articles current from RSS,
// Atom and JSON feeds. It polls politely (conditional GET, the feed's own
// rhythm, back-off on errors, size caps, timeouts), fetches the full
// article when an item carries only a summary, merges the copies of one
// story that several feeds carry, and writes each article as a Markdown
// file with YAML front matter that the corpus loader reads. Feed state
// lives beside the articles in one JSON file.
package feeds
