package feeds

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"time"
)

// add stores a under dir unless it is a copy of a story already stored:
// the same canonical URL, or near-identical title and lead (SimHash)
// published within sameStoryWindow of it. A copy from another feed is
// recorded as another source of the stored article (its file's also_in);
// a story or a copy that its feed sends again under a new GUID adds
// nothing. merged reports that a was a copy.
//
// restore, when not nil, writes to a path the stored article of an ID
// whose file is not in dir, and reports whether there was one: a replica
// that took over from another fetches what that one stored from the
// index they share.
func (s *State) add(dir string, a *Article, restore func(id, path string) (bool, error)) (merged bool, err error) {
	defer func() {
		if err == nil {
			s.Changes++
		}
	}()
	h := simHash(a.Title, a.Text)
	for i := range s.Recent {
		r := &s.Recent[i]
		// Near-identical text merges copies across feeds only: one feed's
		// items are different stories, however alike their teasers.
		similar := near(r.SimHash, h) && within(r.Published, a.Published, sameStoryWindow)
		nearCopy := !slices.Contains(r.Sources, a.Feed) && similar
		known := r.Key == a.ID || slices.Contains(r.Copies, a.ID)
		if !known && !nearCopy && similar && len(r.Copies) == 0 && listsCopy(filepath.Join(dir, r.File), a.URL) {
			known = true // merged before Copies were recorded: its file lists it
			r.Copies = append(r.Copies, a.ID)
		}
		if !known && !nearCopy {
			continue
		}
		if known && slices.Contains(r.Sources, a.Feed) {
			return true, nil // the same feed sent it, or its copy, again under a new GUID
		}
		path := filepath.Join(dir, r.File)
		err := addSource(path, a)
		if errors.Is(err, fs.ErrNotExist) && restore != nil {
			if ok, rerr := restore(r.Key, path); rerr != nil {
				return false, rerr
			} else if ok {
				err = addSource(path, a)
			}
		}
		if errors.Is(err, fs.ErrNotExist) {
			// Someone deleted the stored copy: this one takes its place.
			s.Recent = append(s.Recent[:i], s.Recent[i+1:]...)
			break
		} else if err != nil {
			return false, err
		}
		r.Sources = append(r.Sources, a.Feed)
		if !known {
			r.Copies = append(r.Copies, a.ID)
		}
		return true, nil
	}
	rel, err := a.write(dir)
	if err != nil {
		return false, err
	}
	s.Recent = append(s.Recent, Stored{Key: a.ID, File: rel, Title: a.Title, Published: a.Published, SimHash: h, Sources: []string{a.Feed}})
	if len(s.Recent) > maxRecent {
		s.Recent = s.Recent[len(s.Recent)-maxRecent:]
	}
	return false, nil
}

// addSource records copy as another source of the article stored at path.
func addSource(path string, copy *Article) error {
	a, err := readArticle(path)
	if err != nil {
		return fmt.Errorf("merge a copy: %w", err)
	}
	if a.lists(copy.URL) {
		return nil
	}
	a.AlsoIn = append(a.AlsoIn, AlsoIn{Source: copy.Source, URL: copy.URL, Feed: copy.Feed})
	data, err := a.marshal()
	if err != nil {
		return err
	}
	return writeAtomic(path, data)
}

// listsCopy reports whether the article stored at path lists url among
// its other sources.
func listsCopy(path, url string) bool {
	a, err := readArticle(path)
	return err == nil && a.lists(url)
}

// lists reports whether a lists url among its other sources.
func (a *Article) lists(url string) bool {
	return slices.ContainsFunc(a.AlsoIn, func(o AlsoIn) bool { return o.URL == url })
}

func within(a, b time.Time, d time.Duration) bool {
	diff := a.Sub(b)
	return diff <= d && diff >= -d
}
