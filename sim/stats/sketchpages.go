package stats

import "slices"

// A sketch's buckets are kept in pages of pageLen neighbouring buckets,
// allocated only where values fall. A sketch centred on a payoff's median
// spans about 15,000 bucket indices, down to distances of 1e-12 from the
// centre, but values fill only some of them: one dense slice from the
// lowest index to the highest costs up to 360 kB per sketch with its room
// to grow, allocated, cleared and copied as it grows, and a sweep keeps
// three sketches per grid point in every worker and in the result. With
// pages an empty sketch allocates nothing and a narrow one a page and a
// directory of 8 pointers; merging visits only the pages that exist; and
// a page never moves, so adding to a bucket that exists allocates nothing.
//
// Small pages waste little where values are sparse (the buckets nearest
// the centre); the price is a longer directory, 8 bytes per page. 8, 16
// and 32 buckets a page gave sweeps of the same size.
const (
	pageBits = 4
	pageLen  = 1 << pageBits // 16 buckets, 384 bytes
)

type page [pageLen]Bucket

// pagedRange is one side of a sketch (the buckets above the shift, or
// below it): bucket i is dir[i>>pageBits-first][i&(pageLen-1)].
type pagedRange struct {
	first int     // page number (bucket index >> pageBits) of dir[0]
	dir   []*page // nil where no value fell

	// own is dir while the range owns its pages, and nil while it shares
	// them with another sketch's (see merge): bucket's fast path looks
	// only at own, so it never writes to a shared page, and the slow path
	// copies the pages first.
	own    []*page
	shared bool

	// dir is store[lead:lead+len(dir)]: room to grow at both ends, by
	// half its length each time, so a directory that meets ever lower
	// pages is not copied for each.
	store []*page
	lead  int

	// restOff and restN are the range RestoreSketch was given (restN 0
	// for none), which Buckets gives back even where it begins or ends
	// with empty buckets, as the range of a dense slice would.
	restOff, restN int
}

// bucket returns bucket i, allocating its page if it has none.
func (r *pagedRange) bucket(i int) *Bucket {
	if j := i>>pageBits - r.first; uint(j) < uint(len(r.own)) {
		if p := r.own[j]; p != nil {
			return &p[i&(pageLen-1)]
		}
	}
	return &r.page(i >> pageBits)[i&(pageLen-1)]
}

// index is the bucket index of dir[j][k].
func (r *pagedRange) index(j, k int) int { return (r.first+j)<<pageBits + k }

// page returns page pn for writing, allocating it, and room for it in
// the directory, if need be.
func (r *pagedRange) page(pn int) *page {
	if r.shared {
		r.unshare()
	}
	switch {
	case r.dir == nil:
		r.store, r.lead, r.first = make([]*page, 8), 4, pn
		r.dir = r.store[r.lead : r.lead+1]
	case pn < r.first:
		grow := r.first - pn
		if r.lead < grow {
			r.realloc(grow)
		}
		r.lead -= grow
		r.dir, r.first = r.store[r.lead:r.lead+len(r.dir)+grow], pn
	case pn-r.first >= len(r.dir):
		n := pn - r.first + 1
		if r.lead+n > len(r.store) {
			r.realloc(n - len(r.dir))
		}
		r.dir = r.store[r.lead : r.lead+n]
	}
	r.own = r.dir
	p := &r.dir[pn-r.first]
	if *p == nil {
		*p = new(page)
	}
	return *p
}

// realloc moves dir into a new store with room for need more pages, and
// half as many again as dir holds, on either side.
func (r *pagedRange) realloc(need int) {
	room := need + len(r.dir)/2
	ns := make([]*page, room+len(r.dir)+room)
	copy(ns[room:], r.dir)
	r.store, r.lead = ns, room
	r.dir = ns[room : room+len(r.dir)]
}

func (r *pagedRange) empty() bool { return r.dir == nil && r.restN == 0 }

// unshare gives the range its own copy of the pages it shares.
func (r *pagedRange) unshare() {
	n := 0
	for _, p := range r.dir {
		if p != nil {
			n++
		}
	}
	copies := make([]page, n) // one allocation for all
	for j, p := range r.dir {
		if p != nil {
			copies[0] = *p
			r.dir[j], copies = &copies[0], copies[1:]
		}
	}
	r.shared = false
}

// merge adds o's buckets that hold values. If r has no pages, it takes
// o's, shared until either range writes to them (then it copies them
// all): merging a worker's counts into an empty result then copies
// nothing. The directory is r's own.
func (r *pagedRange) merge(o *pagedRange) {
	if r.dir == nil && o.dir != nil {
		r.first, r.dir = o.first, slices.Clone(o.dir)
		r.store, r.lead = r.dir, 0
		r.shared, o.shared = true, true
		r.own, o.own = nil, nil
		return
	}
	for j, op := range o.dir {
		if op == nil {
			continue
		}
		var p *page // allocated at the first bucket that holds a value
		for k := range op {
			if op[k].N == 0 {
				continue
			}
			if p == nil {
				p = r.page(o.first + j)
			}
			p[k].merge(op[k])
		}
	}
}

// restore sets the buckets from b, the range from index off.
func (r *pagedRange) restore(off int, b []Bucket) {
	r.restOff, r.restN = off, len(b)
	for j, bk := range b {
		if bk.N != 0 {
			*r.bucket(off + j) = bk
		}
	}
}

// dense returns the buckets from the lowest index that holds a value to
// the highest, as one slice, and the index of its first; widened to the
// range the side was restored with, if any.
func (r *pagedRange) dense() (off int, b []Bucket) {
	lo, hi, ok := r.occupied()
	if r.restN > 0 {
		rlo, rhi := r.restOff, r.restOff+r.restN-1
		if !ok {
			lo, hi, ok = rlo, rhi, true
		}
		lo, hi = min(lo, rlo), max(hi, rhi)
	}
	if !ok {
		return r.restOff, nil
	}
	b = make([]Bucket, hi-lo+1)
	for j, p := range r.dir {
		if p == nil {
			continue
		}
		for k := range p {
			if p[k].N != 0 {
				b[r.index(j, k)-lo] = p[k]
			}
		}
	}
	return lo, b
}

// occupied returns the lowest and highest index of a bucket that holds a
// value; ok is false if none does.
func (r *pagedRange) occupied() (lo, hi int, ok bool) {
	for j, p := range r.dir {
		if p != nil {
			for k := range p {
				if p[k].N != 0 {
					lo, ok = r.index(j, k), true
					break
				}
			}
		}
		if ok {
			break
		}
	}
	if !ok {
		return 0, 0, false
	}
	for j := len(r.dir) - 1; j >= 0; j-- {
		if p := r.dir[j]; p != nil {
			for k := pageLen - 1; k >= 0; k-- {
				if p[k].N != 0 {
					return lo, r.index(j, k), true
				}
			}
		}
	}
	return lo, lo, true // not reached: the page of lo holds a value
}
