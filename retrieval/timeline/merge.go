package timeline

import "sort"

// Merge thresholds. Two sentences tell the same event when their date
// ranges overlap and their content terms (dates and topic words left out)
// are similar: a Jaccard similarity of at least sameJaccard, or, when one
// range contains the other ("In 2019" and "last month" said in June 2019),
// at least minShared shared terms making up sameOverlap of the shorter
// sentence's terms. The second rule catches a terse later summary of an
// event told at length earlier, which shares its key words but little else.
const (
	sameJaccard = 0.5
	sameOverlap = 0.4
	minShared   = 3
)

// cluster is one merged event and the term sets of all its sentences.
type cluster struct {
	event
	members []map[string]bool
}

// merge groups events that report the same thing. Events are visited most
// precise first, so each merged entry keeps the most precise date and that
// sentence's text, and cites every sentence merged into it.
func merge(evs []event) []event {
	sort.SliceStable(evs, func(i, j int) bool {
		a, b := &evs[i], &evs[j]
		if la, lb := a.end.Sub(a.start), b.end.Sub(b.start); la != lb {
			return la < lb
		}
		if !a.start.Equal(b.start) {
			return a.start.Before(b.start)
		}
		return a.before(b)
	})
	var cs []*cluster
	for _, ev := range evs {
		if c := findCluster(cs, &ev); c != nil {
			c.cites = append(c.cites, ev.cites...)
			c.members = append(c.members, ev.terms)
			continue
		}
		cs = append(cs, &cluster{event: ev, members: []map[string]bool{ev.terms}})
	}
	out := make([]event, len(cs))
	for i, c := range cs {
		out[i] = c.event
	}
	return out
}

// findCluster returns the cluster ev belongs to, or nil.
func findCluster(cs []*cluster, ev *event) *cluster {
	for _, c := range cs {
		if !ev.start.Before(c.end) || !c.start.Before(ev.end) {
			continue // date ranges do not overlap
		}
		contains := !c.start.Before(ev.start) && !c.end.After(ev.end)
		for _, m := range c.members {
			if similar(m, ev.terms, contains) {
				return c
			}
		}
	}
	return nil
}

// similar reports whether two sentences' term sets tell the same event.
func similar(a, b map[string]bool, contains bool) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	shared := 0
	for t := range a {
		if b[t] {
			shared++
		}
	}
	union := len(a) + len(b) - shared
	if float64(shared) >= sameJaccard*float64(union) {
		return true
	}
	return contains && shared >= minShared && float64(shared) >= sameOverlap*float64(min(len(a), len(b)))
}
