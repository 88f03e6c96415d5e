package bot

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/dossier-bot/dossier/retrieval"
)

// sourcesPerPage is how many articles one /sources page lists.
const sourcesPerPage = 10

// sourcesPrefix starts the custom ID of the /sources paging buttons,
// followed by the page number.
const sourcesPrefix = "src:"

// renderSources renders one page (0-based, clamped) of the indexed
// articles as an embed with ◀/▶ buttons when there is more than one page.
func renderSources(articles []retrieval.ArticleInfo, page int) reply {
	if len(articles) == 0 {
		return reply{Content: "No articles are indexed yet."}
	}
	return pagedList(fmt.Sprintf("Indexed articles (%d)", len(articles)), len(articles), page, sourcesPerPage, sourcesPrefix,
		func(i int) string { return sourceLine(i+1, articles[i]) })
}

// pagedList renders page (0-based, clamped) of n numbered lines, perPage
// to a page and as many as fit in an embed description, with ◀/▶ buttons
// of custom ID kind when there is more than one page.
func pagedList(title string, n, page, perPage int, kind string, line func(i int) string) reply {
	pages := (n + perPage - 1) / perPage
	page = max(0, min(page, pages-1))
	from := page * perPage
	var b strings.Builder
	budget := maxEmbedDesc
	for i := from; i < min(from+perPage, n); i++ {
		l := line(i) + "\n"
		if length(l) > budget {
			break
		}
		budget -= length(l)
		b.WriteString(l)
	}
	e := &discordgo.MessageEmbed{Title: title, Description: strings.TrimSuffix(b.String(), "\n"), Color: colorInfo}
	r := reply{Embeds: []*discordgo.MessageEmbed{e}}
	if pages > 1 {
		e.Footer = &discordgo.MessageEmbedFooter{Text: fmt.Sprintf("Page %d of %d", page+1, pages)}
		r.Components = pagingRow(customID{kind: kind}, page, pages)
	}
	return r
}

// sourceLine is one article: "3. [Title](url) — 4 Jun 2019 · NPR". The
// title is the link's text unless it looks like a web address, which
// would pass for the target: then it is shown in bold, and the link after
// it names the URL's host.
func sourceLine(n int, a retrieval.ArticleInfo) string {
	title := trimWords(oneLine(a.Title), 200)
	if title == "" {
		title = a.ID
	}
	title = linkText(title)
	line := fmt.Sprintf("%d. ", n)
	href, ok := linkURL(a.URL)
	switch {
	case ok && len(href) <= 500 && !looksLikeURL(title):
		line += "[" + title + "](" + href + ")"
	case ok && len(href) <= 500:
		u, _ := url.Parse(href)
		line += "**" + escapeLinks(strings.ReplaceAll(title, "*", "")) + "** ([" + u.Hostname() + "](" + href + "))"
	default:
		line += "**" + escapeLinks(strings.ReplaceAll(title, "*", "")) + "**"
	}
	if !a.Published.IsZero() {
		line += " — " + a.Published.Format("2 Jan 2006")
	}
	if a.Source != "" {
		line += " · " + escapeLinks(trimWords(oneLine(a.Source), 60))
	}
	if u, err := url.Parse(a.Feed); err == nil && u.Hostname() != "" {
		line += " · feed " + escapeLinks(u.Hostname())
	}
	if len(a.AlsoIn) > 0 {
		line += " · also in " + escapeLinks(trimWords(oneLine(strings.Join(a.AlsoIn, ", ")), 120))
	}
	return line
}
