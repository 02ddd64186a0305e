package game

// basisSet is a set of nonzero uint64 keys (bases and label sets, as bit
// sets) by open addressing with linear probing. A vertex enumeration of a
// 20×20 game meets millions of bases: a Go map costs about 40 bytes an
// entry there, this set 11 to 21 bytes, and it can be cleared for the next
// game without giving its memory back, so that a Monte Carlo loop does not
// allocate.
type basisSet struct {
	slots []uint64 // 0 marks an empty slot; len is a power of two
	n     int
	shift uint // 64 − log2(len(slots))
	sink  uint64
}

// has reports whether k is in the set.
func (s *basisSet) has(k uint64) bool {
	if s.n == 0 {
		return false
	}
	mask := uint64(len(s.slots) - 1)
	for i := s.home(k); ; i = (i + 1) & mask {
		switch s.slots[i] {
		case k:
			return true
		case 0:
			return false
		}
	}
}

// add puts k in the set and reports whether it was new.
func (s *basisSet) add(k uint64) bool {
	if 4*(s.n+1) > 3*len(s.slots) {
		s.grow()
	}
	mask := uint64(len(s.slots) - 1)
	for i := s.home(k); ; i = (i + 1) & mask {
		switch s.slots[i] {
		case k:
			return false
		case 0:
			s.slots[i] = k
			s.n++
			return true
		}
	}
}

// touch reads the first slot of each key, so that the look-ups that
// follow find them in the cache: the reads do not depend on one another,
// and the processor overlaps their waits for memory.
func (s *basisSet) touch(keys []uint64) {
	if s.n == 0 {
		return
	}
	var sum uint64
	for _, k := range keys {
		sum += s.slots[s.home(k)]
	}
	s.sink = sum
}

// len is the number of keys held.
func (s *basisSet) len() int { return s.n }

// reset empties the set, keeping its memory.
func (s *basisSet) reset() {
	if s.n > 0 {
		clear(s.slots)
		s.n = 0
	}
}

// home is k's first slot: Fibonacci hashing, the top bits of k times the
// golden ratio, which spreads the bit sets' clustered values.
func (s *basisSet) home(k uint64) uint64 {
	return (k * 0x9e3779b97f4a7c15) >> s.shift
}

func (s *basisSet) grow() {
	old := s.slots
	size := 16
	if len(old) > 0 {
		size = 2 * len(old)
	}
	s.slots = make([]uint64, size)
	s.shift = 64
	for v := size; v > 1; v >>= 1 {
		s.shift--
	}
	s.n = 0
	for _, k := range old {
		if k != 0 {
			s.add(k)
		}
	}
}
