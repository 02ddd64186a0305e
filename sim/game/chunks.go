package game

// chunks is a list of uint64 held in fixed-size pieces: the search's
// stack of bases and its list of vertices grow to millions of entries on
// a 20×20 game, and a slice would copy itself at each doubling (leaving
// the old array to the collector) and hold up to twice what it needs.
type chunks struct {
	parts [][]uint64
	spare []uint64 // an emptied piece, kept for the next push
	n     int
}

const chunkSize = 1 << 14

func (c *chunks) len() int { return c.n }

func (c *chunks) push(v uint64) {
	if c.n%chunkSize == 0 {
		p := c.spare
		c.spare = nil
		if p == nil {
			p = make([]uint64, 0, chunkSize)
		}
		c.parts = append(c.parts, p)
	}
	last := len(c.parts) - 1
	c.parts[last] = append(c.parts[last], v)
	c.n++
}

// pop removes and returns the last entry; the list must not be empty.
func (c *chunks) pop() uint64 {
	last := len(c.parts) - 1
	p := c.parts[last]
	v := p[len(p)-1]
	c.parts[last] = p[:len(p)-1]
	c.n--
	if len(p) == 1 {
		c.spare = p[:0]
		c.parts = c.parts[:last]
	}
	return v
}

func (c *chunks) at(i int) uint64 { return c.parts[i/chunkSize][i%chunkSize] }

// each calls f with every entry in order.
func (c *chunks) each(f func(i int, v uint64)) {
	for pi, p := range c.parts {
		for j, v := range p {
			f(pi*chunkSize+j, v)
		}
	}
}
