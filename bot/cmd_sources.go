package bot

// handleSources answers /sources with the first page of indexed articles,
// visible only to the caller.
func (b *Bot) handleSources(c *call) error {
	return c.respond(renderSources(b.engine.Sources(), 0), true)
}

// handleSourcesPage turns the /sources message to another page.
func (b *Bot) handleSourcesPage(c *call, page int) error {
	return c.update(renderSources(b.engine.Sources(), page))
}
