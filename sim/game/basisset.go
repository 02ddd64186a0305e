package game

// basisSet is a set of nonzero uint64 keys (bases and label sets, as bit
// sets) by open addressing with linear probing. A vertex enumeration of a
// 20×20 game meets millions of bases: a Go map costs about 40 bytes an
// entry there, this set 11 to 21 bytes. It is split into parts, by the top
// bits of the hash, that grow one at a time, so that no growth copies (and
// leaves to the collector) more than a sliver of it; and it can be emptied
// for the next game without giving its memory back, so that a Monte Carlo
// loop does not allocate.
type basisSet struct {
	parts [setParts]setPart
	n     int
	sink  uint64
}

// setParts is the number of parts, a power of two (setShift bits).
const (
	setShift = 4
	setParts = 1 << setShift
)

type setPart struct {
	slots []uint64 // 0 marks an empty slot; len is a power of two
	n     int
	shift uint // 64 − log2(len(slots))
}

// hash spreads the bit sets' clustered values: Fibonacci hashing, the key
// times the golden ratio; the top bits choose the part, the next ones the
// slot.
func hash(k uint64) uint64 { return k * 0x9e3779b97f4a7c15 }

func (s *basisSet) part(h uint64) *setPart { return &s.parts[h>>(64-setShift)] }

func (p *setPart) home(h uint64) uint64 { return (h << setShift) >> p.shift }

// has reports whether k is in the set.
func (s *basisSet) has(k uint64) bool {
	h := hash(k)
	p := s.part(h)
	if p.n == 0 {
		return false
	}
	mask := uint64(len(p.slots) - 1)
	for i := p.home(h); ; i = (i + 1) & mask {
		switch p.slots[i] {
		case k:
			return true
		case 0:
			return false
		}
	}
}

// add puts k in the set and reports whether it was new.
func (s *basisSet) add(k uint64) bool {
	h := hash(k)
	p := s.part(h)
	if 4*(p.n+1) > 3*len(p.slots) {
		p.grow()
	}
	if p.insert(k, h) {
		s.n++
		return true
	}
	return false
}

func (p *setPart) insert(k, h uint64) bool {
	mask := uint64(len(p.slots) - 1)
	for i := p.home(h); ; i = (i + 1) & mask {
		switch p.slots[i] {
		case k:
			return false
		case 0:
			p.slots[i] = k
			p.n++
			return true
		}
	}
}

// touch reads the first slot of each key, so that the look-ups that
// follow find them in the cache: the reads do not depend on one another,
// and the processor overlaps their waits for memory.
func (s *basisSet) touch(keys []uint64) {
	var sum uint64
	for _, k := range keys {
		h := hash(k)
		if p := s.part(h); p.n > 0 {
			sum += p.slots[p.home(h)]
		}
	}
	s.sink = sum
}

// len is the number of keys held.
func (s *basisSet) len() int { return s.n }

// reset empties the set, keeping its memory.
func (s *basisSet) reset() {
	if s.n == 0 {
		return
	}
	for i := range s.parts {
		if s.parts[i].n > 0 {
			clear(s.parts[i].slots)
			s.parts[i].n = 0
		}
	}
	s.n = 0
}

func (p *setPart) grow() {
	old := p.slots
	size := 8
	if len(old) > 0 {
		size = 2 * len(old)
	}
	p.slots = make([]uint64, size)
	p.shift = 64
	for v := size; v > 1; v >>= 1 {
		p.shift--
	}
	p.n = 0
	for _, k := range old {
		if k != 0 {
			p.insert(k, hash(k))
		}
	}
}
