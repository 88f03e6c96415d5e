package bot

import "sync"

// conversations remembers, per thread or DM channel the bot answers in,
// the previous question, which gives context to the follow-ups. The
// oldest entries are dropped beyond max.
type conversations struct {
	mu    sync.Mutex
	max   int
	last  map[string]string
	order []string
}

func newConversations(max int) *conversations {
	return &conversations{max: max, last: map[string]string{}}
}

// get returns the previous question in channel and whether the bot is in
// a conversation there.
func (c *conversations) get(channel string) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	q, ok := c.last[channel]
	return q, ok
}

// set records question as the latest in channel.
func (c *conversations) set(channel, question string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.last[channel]; !ok {
		c.order = append(c.order, channel)
		if len(c.order) > c.max {
			delete(c.last, c.order[0])
			c.order = c.order[1:]
		}
	}
	c.last[channel] = question
}
