package bot

import (
	"fmt"
	"strconv"
)

// handleSources answers /sources with the first page of indexed articles,
// visible only to the caller.
func (b *Bot) handleSources(c *call) error {
	return c.respond(renderSources(b.engine.Sources(), 0), true)
}

// handleSourcesPage turns the /sources message to another page.
func (b *Bot) handleSourcesPage(c *call, page string) error {
	n, err := strconv.Atoi(page)
	if err != nil {
		return fmt.Errorf("sources page %q: %w", page, err)
	}
	return c.update(renderSources(b.engine.Sources(), n))
}
