package web

import (
	"sync"

	"github.com/parley-dev/parley/sim"
)

// base returns the entry's compiled scenario, parsed once: every view
// starts from it.
func (s *Server) base(e Entry) (*sim.Scenario, error) {
	s.bases.mu.Lock()
	defer s.bases.mu.Unlock()
	if sc, ok := s.bases.m[e.ID]; ok {
		return sc, nil
	}
	sc, err := e.load(nil, nil)
	if err != nil {
		return nil, err
	}
	if s.bases.m == nil {
		s.bases.m = map[string]*sim.Scenario{}
	}
	s.bases.m[e.ID] = sc
	return sc, nil
}

type baseCache struct {
	mu sync.Mutex
	m  map[string]*sim.Scenario
}

// resultCache keeps the latest explorer results by view. A run is
// deterministic, so a view asked for again (a class moving the same
// slider to the same place) is answered without running it.
type resultCache struct {
	mu    sync.Mutex
	max   int
	m     map[string]result
	order []string // oldest first
}

func (c *resultCache) get(key string) (result, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.m[key]
	return r, ok
}

func (c *resultCache) put(key string, r result) {
	if c.max <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil {
		c.m = map[string]result{}
	}
	if _, ok := c.m[key]; ok {
		return
	}
	if len(c.order) == c.max {
		delete(c.m, c.order[0])
		c.order = c.order[1:]
	}
	c.m[key] = r
	c.order = append(c.order, key)
}
