package bot

import "github.com/bwmarrin/discordgo"

// commandHandler answers one slash command.
type commandHandler func(c *call) error

// commandDefinitions are the slash commands registered on start.
func commandDefinitions() []*discordgo.ApplicationCommand {
	admin := int64(discordgo.PermissionAdministrator)
	no := false
	dateOpt := func(name, desc string) *discordgo.ApplicationCommandOption {
		return &discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionString, Name: name, Description: desc, MaxLength: 10,
		}
	}
	return []*discordgo.ApplicationCommand{
		{
			Name:        "ask",
			Description: "Ask a question; the answer quotes the articles",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "Your question", Required: true, MaxLength: 1000},
				dateOpt("since", "Only articles published on or after this date (YYYY-MM-DD, YYYY-MM or YYYY)"),
				dateOpt("until", "Only articles published on or before this date (YYYY-MM-DD, YYYY-MM or YYYY)"),
			},
		},
		{
			Name:        "timeline",
			Description: "A dated timeline of a topic, from the articles",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "topic", Description: "The topic", Required: true, MaxLength: 200, Autocomplete: true},
				dateOpt("since", "Only events on or after this date (YYYY-MM-DD, YYYY-MM or YYYY)"),
				dateOpt("until", "Only events on or before this date (YYYY-MM-DD, YYYY-MM or YYYY)"),
				{Type: discordgo.ApplicationCommandOptionBoolean, Name: "summarize", Description: "Add a short summary written by the language model, if one is configured"},
				{Type: discordgo.ApplicationCommandOptionString, Name: "order", Description: "Which events come first (default: oldest first)",
					Choices: []*discordgo.ApplicationCommandOptionChoice{
						{Name: "oldest first", Value: orderOldest},
						{Name: "newest first", Value: orderNewest},
					}},
			},
		},
		{
			Name:        "sources",
			Description: "List the indexed articles",
			Options:     []*discordgo.ApplicationCommandOption{},
		},
		{
			Name:                     "reindex",
			Description:              "Poll every feed and bring the index up to date (administrators)",
			DefaultMemberPermissions: &admin,
			DMPermission:             &no,
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionBoolean, Name: "full", Description: "Rebuild the whole index from the articles instead of updating it"},
			},
		},
		{
			Name:                     "feeds",
			Description:              "The news feeds the bot polls (administrators)",
			DefaultMemberPermissions: &admin,
			DMPermission:             &no,
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "add", Description: "Subscribe to an RSS, Atom or JSON feed",
					Options: []*discordgo.ApplicationCommandOption{
						{Type: discordgo.ApplicationCommandOptionString, Name: "url", Description: "The feed's address (http or https)", Required: true, MaxLength: 2000},
					}},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list", Description: "The feeds, with their last poll, items and errors"},
				{Type: discordgo.ApplicationCommandOptionSubCommand, Name: "remove", Description: "Unsubscribe from a feed (its articles stay)",
					Options: []*discordgo.ApplicationCommandOption{
						{Type: discordgo.ApplicationCommandOptionString, Name: "url", Description: "The feed's address, as /feeds list shows it", Required: true, MaxLength: 2000},
					}},
			},
		},
		{
			Name:        "latest",
			Description: "The newest articles, or the newest about a topic",
			Options: []*discordgo.ApplicationCommandOption{
				{Type: discordgo.ApplicationCommandOptionString, Name: "topic", Description: "Only articles about this", MaxLength: 200},
			},
		},
	}
}
