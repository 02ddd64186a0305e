package web

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
)

// Entry is one scenario the server offers.
type Entry struct {
	ID      string
	Title   string
	Form    string
	Parties []string
	Bundled bool
	file    string // the file it is read from; "" for a bundled scenario
	src     []byte // an uploaded scenario's text (kept in memory only)
}

// catalog is the fixed set of scenarios a server serves, by id. It is
// built once at start: requests name an id, and nothing else on disk is
// ever opened, so no request can reach a path outside it.
type catalog struct {
	mu      sync.RWMutex // uploads add entries while others read
	entries []Entry
	byID    map[string]int
}

// newCatalog lists the bundled scenarios, then each of paths: a scenario
// file, or a folder whose *.yaml files are all served. A file's id is its
// scenario id; a file that repeats an id already listed replaces it.
func newCatalog(paths []string, bundled bool) (*catalog, error) {
	c := &catalog{byID: map[string]int{}}
	if bundled {
		infos, err := scenarios.Bundled()
		if err != nil {
			return nil, fmt.Errorf("bundled scenarios: %w", err)
		}
		for _, in := range infos {
			if err := c.add(in.ID, ""); err != nil {
				return nil, err
			}
		}
	}
	for _, p := range paths {
		files, err := scenarioFiles(p)
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			if err := c.add("", f); err != nil {
				return nil, err
			}
		}
	}
	return c, nil
}

// scenarioFiles is p itself, or the *.yaml files in the folder p.
func scenarioFiles(p string) ([]string, error) {
	fi, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("serve %s: %w", p, err)
	}
	if !fi.IsDir() {
		return []string{p}, nil
	}
	files, err := filepath.Glob(filepath.Join(p, "*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("serve %s: %w", p, err)
	}
	slices.Sort(files)
	return files, nil
}

func (c *catalog) add(id, file string) error {
	name := id
	if file != "" {
		name = file
	}
	s, err := scenarios.Load(name, scenarios.Options{})
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	e := Entry{ID: s.ID, Title: s.Title, Form: s.Form(), Bundled: file == "", file: file}
	for _, p := range s.Parties {
		e.Parties = append(e.Parties, p.Name)
	}
	if i, dup := c.byID[e.ID]; dup {
		c.entries[i] = e
		return nil
	}
	c.byID[e.ID] = len(c.entries)
	c.entries = append(c.entries, e)
	return nil
}

// get returns the entry with this id.
func (c *catalog) get(id string) (Entry, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	i, ok := c.byID[id]
	if !ok {
		return Entry{}, false
	}
	return c.entries[i], true
}

// list returns every entry, in the library's order.
func (c *catalog) list() []Entry {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return slices.Clone(c.entries)
}

// addUploaded adds an uploaded scenario under its id; an id already
// served is refused, so that no cached view of it goes stale.
func (c *catalog) addUploaded(s *sim.Scenario, src []byte) (Entry, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, dup := c.byID[s.ID]; dup {
		return Entry{}, fmt.Errorf("a scenario with the id %q is served already: change scenario: in the file", s.ID)
	}
	e := Entry{ID: s.ID, Title: s.Title, Form: s.Form(), src: src}
	for _, p := range s.Parties {
		e.Parties = append(e.Parties, p.Name)
	}
	c.byID[e.ID] = len(c.entries)
	c.entries = append(c.entries, e)
	return e, nil
}

// name is what scenarios.Load is given for the entry, and what the
// equivalent CLI command names.
func (e Entry) name() string {
	switch {
	case e.file != "":
		return e.file
	case e.src != nil:
		return e.ID + ".yaml" // uploaded: the command assumes the teacher's copy of the file
	}
	return e.ID
}

// load compiles the entry with the overrides and variants applied.
func (e Entry) load(sets, variants []string) (*sim.Scenario, error) {
	var s *sim.Scenario
	var err error
	if e.src != nil {
		s, err = scenarios.Parse(e.name(), e.src, scenarios.Options{Sets: sets})
	} else {
		s, err = scenarios.Load(e.name(), scenarios.Options{Sets: sets})
	}
	if err != nil {
		return nil, err
	}
	return s.WithVariant(variants...)
}

// cliName quotes a file name for a shell when it needs it.
func cliName(e Entry) string { return shellQuote(e.name()) }

func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./=:,") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
