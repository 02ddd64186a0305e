package spatial

import (
	"cmp"
	"math"
	"slices"
)

// dimRound runs one round of the model on dimension d, from the positions
// in prev to those it writes in cur, and returns the largest move.
//
// A round has two steps, both on the positions at the round's start (the
// updates are simultaneous): every actor's risk exponent from how exposed
// its position is to challenges, then every actor's best offer, which
// becomes its new position.
func (w *BDMWorkspace) dimRound(actors []Actor, prev, cur [][]float64, d int, q float64, capitulate bool) float64 {
	x, span := w.x, w.span[d]
	for a, act := range actors {
		x[a] = prev[a][d]
		w.sal[a] = act.Salience[d]
		w.wt[a] = act.Capability * act.Salience[d]
	}
	if span == 0 {
		// Everyone started at one point; nobody has a reason to move.
		for a := range actors {
			cur[a][d] = x[a]
		}
		return 0
	}

	w.logTables(span)
	// The dangers are measured with risk-neutral utilities and votes, as
	// in the replication, which sets every exponent to 1 first.
	for a := range w.risk {
		w.risk[a] = 1
	}
	w.riskExponents(q, span, w.tally(span))
	total := w.tally(span)

	moved := 0.0
	for a := range actors {
		p := w.bestOffer(a, q, span, total, capitulate)
		cur[a][d] = p
		moved = math.Max(moved, math.Abs(p-x[a]))
	}
	return moved
}

// tally counts, with the current risk exponents, every voter's weighted
// preference between every pair of positions: for i < j, votes[i*n+j] is
// Σ_v c_v·s_v·max(0, u_v(j) − u_v(i)) — the support for i against j — and
// against[i*n+j] the support for j against i, where u_v(j) is voter v's
// loss (|x_v − x_j|/span)^r_v. It returns the sum of |preference| over
// all voters and ordered pairs, the denominator of every probability of
// success (Scholz et al.'s choice, kept by the replication; it makes the
// probabilities small and not complementary).
//
// Summed voter by voter this is O(n³). But a loss grows with distance
// whatever the exponent, so the voters who prefer i to j are exactly
// those on i's side of the midpoint: with the voters sorted by position
// and, per position, prefix sums of their weighted losses, each pair
// takes two differences, and the tally costs O(n²) (n² powers, one sort).
func (w *BDMWorkspace) tally(span float64) float64 {
	n, x := len(w.x), w.x
	ord := w.order
	for i := range ord {
		ord[i] = i
	}
	slices.SortFunc(ord, func(a, b int) int { return cmp.Compare(x[a], x[b]) })
	// pre[j*m+t] is Σ over the t leftmost voters of c·s·loss at x_j.
	m := n + 1
	for j := range n {
		pre := w.pre[j*m : (j+1)*m]
		pre[0] = 0
		for t, v := range ord {
			u := math.Abs(x[v]-x[j]) / span
			if r := w.risk[v]; r != 1 {
				u = math.Exp(r * w.lnDist[v*n+j])
			}
			pre[t+1] = pre[t] + w.wt[v]*u
		}
	}
	sum := 0.0
	for a, i := range ord {
		pi := w.pre[i*m : (i+1)*m]
		lo, hi := 0, 0 // voters left of the midpoint; left of or on it
		for _, j := range ord[a+1:] {
			forI, forJ := 0.0, 0.0
			if x[j] != x[i] {
				mid := x[i] + (x[j]-x[i])/2
				for lo < n && x[ord[lo]] < mid {
					lo++
				}
				hi = max(hi, lo)
				for hi < n && x[ord[hi]] <= mid {
					hi++
				}
				pj := w.pre[j*m : (j+1)*m]
				// Voters on the midpoint are indifferent. Rounding can
				// leave a difference a hair below zero.
				forI = max(0, pj[lo]-pi[lo])
				forJ = max(0, (pi[n]-pi[hi])-(pj[n]-pj[hi]))
				sum += forI + forJ
			}
			if i < j {
				w.votes[i*n+j], w.against[i*n+j] = forI, forJ
			} else {
				w.votes[j*n+i], w.against[j*n+i] = forJ, forI
			}
		}
	}
	// Each unordered pair counted once; the denominator counts both orders.
	return 2 * sum
}

// logTables fills, for every pair of actors, the logarithms of the bases
// that the powers of a round raise to each actor's risk exponent: the
// distance |x_i − x_j|/span (the replication divides before raising to the
// power) and ½ ∓ ½·distance. They are symmetric in i and j, so each is
// computed once per pair, and a power is then one Exp: the powers are
// most of a round's cost.
func (w *BDMWorkspace) logTables(span float64) {
	n, x := len(w.x), w.x
	for i := range n {
		for j := i; j < n; j++ {
			dist := math.Abs(x[i] - x[j])
			half := 0.5 * dist / span
			d, near, far := math.Log(dist/span), math.Log(0.5-half), math.Log(0.5+half)
			w.lnDist[i*n+j], w.lnNear[i*n+j], w.lnFar[i*n+j] = d, near, far
			w.lnDist[j*n+i], w.lnNear[j*n+i], w.lnFar[j*n+i] = d, near, far
		}
	}
}

// prob is the probability that position i prevails against position j.
func (w *BDMWorkspace) prob(i, j int, total float64) float64 {
	if w.x[i] == w.x[j] || total == 0 {
		return 0
	}
	n := len(w.x)
	if i < j {
		return w.votes[i*n+j] / total
	}
	return w.against[j*n+i] / total
}

// beyondTie reports whether a exceeds b by more than rounding.
func beyondTie(a, b float64) bool {
	return a-b > tieMargin*max(1, math.Abs(a), math.Abs(b))
}

// bdmUtility is 2 − 4·val^r, the replication's form of the success, failure
// and status-quo utilities (val is ½ ∓ ½·distance/span).
func bdmUtility(val, r float64) float64 {
	if r == 1 {
		return 2 - 4*val
	}
	return 2 - 4*math.Pow(val, r)
}

// bdmUtilityLn is bdmUtility with val given by its logarithm lnVal.
func bdmUtilityLn(val, lnVal, r float64) float64 {
	if r == 1 {
		return 2 - 4*val
	}
	return 2 - 4*math.Exp(r*lnVal)
}

// bdmChallenge is the expected utility of challenging a rival whose salience
// (its probability of resisting) is sRival, given the challenger's chance
// p of winning and the utilities of success, failure and the status quo.
func bdmChallenge(p, sRival, us, uf, usq, q float64) float64 {
	return sRival*(p*us+(1-p)*uf) + (1-sRival)*us - q*usq
}

// riskExponents sets every actor's risk exponent from its danger: the sum
// of what each other actor expects to gain by challenging it, judged with
// the threatened actor's utilities. The danger is placed between the
// smallest and largest of all actors' dangers (Scholz et al.'s
// comparison across actors) as R ∈ [−1, 1], and r = (1 − R/3)/(1 + R/3).
func (w *BDMWorkspace) riskExponents(q, span, total float64) {
	x := w.x
	lo, hi := math.Inf(1), math.Inf(-1)
	for a := range x {
		danger := 0.0
		usq := bdmUtility(0.5, w.risk[a])
		for o := range x {
			if o == a {
				continue
			}
			half := 0.5 * math.Abs(x[o]-x[a]) / span
			us, uf := bdmUtility(0.5-half, w.risk[a]), bdmUtility(0.5+half, w.risk[a])
			danger += bdmChallenge(w.prob(o, a, total), w.sal[a], us, uf, usq, q)
		}
		w.danger[a] = danger
		lo, hi = math.Min(lo, danger), math.Max(hi, danger)
	}
	for a, danger := range w.danger {
		// Equal dangers (everyone equally exposed) leave everyone risk
		// neutral; the replication divides by zero there.
		R := 0.0
		if hi > lo {
			R = (2*danger - hi - lo) / (hi - lo)
		}
		w.risk[a] = (1 - R/3) / (1 + R/3)
	}
}

// bestOffer returns actor a's position after the round: the offer it
// accepts, judged from a's own perspective (its risk exponent) for every
// rival o at another position, by EU_a(a challenges o) and EU_a(o
// challenges a):
//
//   - confrontation, when both are positive and o's is larger: a expects
//     to lose the fight and moves to o's position;
//   - compromise, when only o gains and it gains more than a would lose:
//     a moves towards o by the fraction |EU(a,o)|/EU(o,a);
//   - capitulation (only if enabled), when only o gains and it gains less
//     than a would lose: a moves to o's position.
//
// A confrontation beats a compromise, which beats a capitulation. Among
// confrontations and capitulations a takes the nearest position; among
// compromises, the one whose EU-weighted midpoint of the two positions is
// lowest (the replication's rule, which it reports is Scholz et al.'s
// code's). Ties go to the first rival in actor order.
//
// Every comparison is strict by more than rounding (beyondTie): data with
// symmetric actors (DEU III's many 0/50/100 positions and equal
// saliences) produce expected utilities that are equal in exact
// arithmetic, and letting the last bit decide them would make the
// outcome depend on the order of floating-point sums.
func (w *BDMWorkspace) bestOffer(a int, q, span, total float64, capitulate bool) float64 {
	x, r := w.x, w.risk[a]
	usq := bdmUtility(0.5, r)
	const none = -1
	conf, comp, capit := none, none, none
	var confKey, compKey, capitKey, compPos float64
	for o := range x {
		if x[o] == x[a] {
			continue
		}
		dist := math.Abs(x[a] - x[o])
		half := 0.5 * dist / span
		k := a*len(x) + o
		us, uf := bdmUtilityLn(0.5-half, w.lnNear[k], r), bdmUtilityLn(0.5+half, w.lnFar[k], r)
		mine := bdmChallenge(w.prob(a, o, total), w.sal[o], us, uf, usq, q)   // EU_a(a challenges o)
		theirs := bdmChallenge(w.prob(o, a, total), w.sal[a], us, uf, usq, q) // EU_a(o challenges a)
		switch {
		case beyondTie(theirs, mine) && beyondTie(mine, 0):
			if conf == none || beyondTie(confKey, dist) {
				conf, confKey = o, dist
			}
		case beyondTie(theirs, 0) && beyondTie(0, mine) && beyondTie(theirs, -mine):
			key := (-mine*x[a] + theirs*x[o]) / (-mine + theirs)
			if comp == none || beyondTie(compKey, key) {
				comp, compKey = o, key
				compPos = x[a] + (x[o]-x[a])*math.Abs(mine/theirs)
			}
		case capitulate && beyondTie(theirs, 0) && beyondTie(0, mine) && beyondTie(-mine, theirs):
			if capit == none || beyondTie(capitKey, dist) {
				capit, capitKey = o, dist
			}
		}
	}
	switch {
	case conf != none:
		return x[conf]
	case comp != none:
		return compPos
	case capit != none:
		return x[capit]
	}
	return x[a]
}
