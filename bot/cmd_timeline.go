package bot

// handleTimeline answers /timeline topic [since] [until]. Timelines are
// not built yet; the command is registered so that it can be filled in
// without re-registering anything.
func (b *Bot) handleTimeline(c *call) error {
	return c.respond(reply{Content: "Timelines are not built yet. Meanwhile, try `/ask` with `since` and `until`."}, true)
}
