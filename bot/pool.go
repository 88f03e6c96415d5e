package bot

import (
	"fmt"
	"log/slog"
	"runtime"
	"runtime/debug"
	"sync"
	"time"
)

// Interactions are acknowledged first and answered after, so that each is
// acknowledged within Discord's 3 seconds whatever the load: the event's
// goroutine checks the interaction and defers it (at most maxAcking at
// once, so the acknowledgements do not wait behind the answers for the
// CPU), then hands the slow part (searching, summarizing, drawing) to a
// pool of a few workers with a bounded queue. When the queue is full, or
// a job has waited longer than maxQueueWait, the user is told the bot is
// busy instead.
const (
	// maxAcking bounds the interactions being acknowledged at once; more
	// wait their turn, in order, without using the CPU.
	maxAcking = 64
	// maxQueueWait is the longest a queued answer may wait for a worker;
	// later the user gets busyText rather than an answer minutes late.
	maxQueueWait = 30 * time.Second
)

// busyText answers a question the bot has no room for.
const busyText = "I'm busy right now — please try again in a moment."

// defaultWorkers is the answer workers' number when Options leaves it 0.
func defaultWorkers() int { return 2 * runtime.GOMAXPROCS(0) }

// workPool runs jobs on a fixed number of workers from a bounded queue.
type workPool struct {
	jobs    chan job
	workers int
	wg      sync.WaitGroup
}

// job is a queued piece of work: run it, or, when it waited too long,
// tell its user the bot is busy.
type job struct {
	queued time.Time
	run    func()
	busy   func()
}

func newWorkPool(workers, queue int) *workPool {
	return &workPool{jobs: make(chan job, queue), workers: workers}
}

// start launches the workers; stop ends them once the queue is drained.
func (p *workPool) start() {
	for range p.workers {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for j := range p.jobs {
				if time.Since(j.queued) > maxQueueWait {
					j.busy()
					continue
				}
				j.run()
			}
		}()
	}
}

func (p *workPool) stop() {
	close(p.jobs)
	p.wg.Wait()
}

// submit queues run, or reports false at once when the queue is full.
func (p *workPool) submit(run, busy func()) bool {
	select {
	case p.jobs <- job{queued: time.Now(), run: run, busy: busy}:
		return true
	default:
		return false
	}
}

// later answers the deferred interaction c with slow on a worker, or
// edits the deferred reply to busyText when there is no room for it. An
// error or panic of slow ends in an apology, as for the handlers. The
// caller is a tracked handler.
func (b *Bot) later(c *call, slow func() error) error {
	b.inflight.Add(1)
	busy := func() {
		defer b.inflight.Done()
		c.log.Warn("too busy to answer; told the user")
		if err := c.edit(reply{Content: busyText}); err != nil {
			c.log.Error("busy reply failed", "err", err)
		}
	}
	if !b.pool.submit(func() { defer b.inflight.Done(); c.serve(slow) }, busy) {
		busy()
	}
	return nil
}

// background runs slow for the deferred interaction c on a goroutine of
// its own, for work that is neither quick nor a question (a reindex). An
// error or panic ends in an apology.
func (b *Bot) background(c *call, slow func() error) error {
	b.inflight.Add(1)
	go func() {
		defer b.inflight.Done()
		c.serve(slow)
	}()
	return nil
}

// serve runs h, turning an error or a panic into an apology the user sees.
func (c *call) serve(h func() error) {
	defer func() {
		if r := recover(); r != nil {
			c.log.Error("interaction handler panicked", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			c.apologize()
		}
	}()
	if err := h(); err != nil {
		c.log.Error("interaction failed", "err", DialledError(err, c.apiURL))
		c.apologize()
	}
}

// guard runs h for a message, logging a panic and calling apologize.
func guard(log *slog.Logger, apologize func(), h func()) {
	defer func() {
		if r := recover(); r != nil {
			log.Error("message handler panicked", "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			apologize()
		}
	}()
	h()
}
