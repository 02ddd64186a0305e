package spatial

import "math"

// challenge finds actor i's most valuable challenge, as i sees it
// (KTAB's bestChallengeUtils and bestChallenge), and if it is worth making
// interpolates the bargain i proposes to its target (S2P2, InitOnlyInterp).
func (w *SMPWorkspace) challenge(i int) {
	n := w.n
	// i's estimate of every actor's risk attitude: one third of the way
	// from i's own toward the actor's (BigRAdjust OneThird).
	for a := range n {
		w.rh[a] = (2.0*w.risk[i] + w.risk[a]) / 3.0
	}
	// What does not depend on the target: each actor's utility of i's
	// position and of its own.
	for a := range n {
		w.hui[a], w.huo[a] = w.hu(a, i), w.hu(a, a)
	}
	best, bestP, bestEU := -1, 0.0, -1.0
	for j := range n {
		if j == i {
			continue
		}
		p, eu := w.probEduChallenge(i, j)
		if smpMinSigEDU < eu && bestEU < eu {
			best, bestP, bestEU = j, p, eu
		}
	}
	w.target[i] = -1
	if best < 0 || !(bestEU > 0) {
		return
	}
	w.target[i] = best
	w.interpolate(i, best, bestP)
}

// hu is the estimator's utility to a of b's position, with the risk
// attitudes in w.rh.
func (w *SMPWorkspace) hu(a, b int) float64 { return bsUtil(w.dist[a*w.n+b], w.rh[a]) }

// probEduChallenge is KTAB's probEduChlg(h=i, k=i, i, j): i's estimate of
// the probability that i beats j and of i's expected gain in utility from
// challenging j instead of keeping the status quo. Third parties join the
// side they prefer in the little contest of i, j and themselves, semi
// committed: they bear their own position's utility when their side wins.
func (w *SMPWorkspace) probEduChallenge(i, j int) (pij, edu float64) {
	uii, uij := w.hu(i, i), w.hu(i, j)
	uji, ujj := w.hu(j, i), w.hu(j, j)
	euSQ := uii + uij
	uVict := uii + uii // j adopts i's position
	uLose := uij + uij // i adopts j's position

	si, sj := w.salSum[i], w.salSum[j]
	ci := si * w.cap[i] * (uii - uij)
	cj := sj * w.cap[j] * (uji - ujj)
	chij, chji := smpMinChallenge, smpMinChallenge
	if ci > 0 {
		chij += ci
	}
	if ci < 0 {
		chji -= ci
	}
	if cj > 0 {
		chij += cj
	}
	if cj < 0 {
		chji -= cj
	}
	pi, pj := chij, chji // the principals' own strengths, before third parties

	n := w.n
	distJ := w.distT[j*n : (j+1)*n] // every actor's distance to j
	hui, huo, rh, wt := w.hui[:n], w.huo[:n], w.rh[:n], w.weight[:n]
	for m := range n {
		if m == i || m == j {
			continue
		}
		wm := wt[m]
		umi, umj, umm := hui[m], bsUtil(distJ[m], rh[m]), huo[m]
		// m's estimate of the little contest (i:j) with m on its side.
		v := wm * (umi - umj)
		ci, cj := pi, pj
		if v > 0 {
			ci = pi + v
		}
		if v < 0 {
			cj = pj - v
		}
		pin := ci / (ci + cj)
		pjn := 1.0 - pin
		// Semi commitment: m joining i gets its own position if i wins,
		// and j's imposed on both i and m if j wins; alone, i's or j's.
		withI := pin*(umi+umi+umm) + pjn*(umj+umj+umj)
		withJ := pin*(umi+umi+umi) + pjn*(umj+umj+umm)
		vm := wm * (withI - withJ)
		if vm > 0 {
			chij += vm
		}
		if vm < 0 {
			chji -= vm
		}
	}
	pij = chij / (chij + chji)
	pji := chji / (chij + chji)
	// j resists with probability sj; if it does not, i wins outright.
	contest := pij*uVict + pji*uLose
	chlg := (1-sj)*uVict + sj*contest
	return pij, chlg - euSQ
}

// round4 rounds to four decimals as KTAB does, to drop spurious
// precision from bargains.
func round4(x float64) float64 { return math.Trunc(0.5+x*10000) / 10000 }

// interpolate sets the bargain i proposes to j when i estimates it wins
// with probability p: on each dimension, the positions weighted by
// salience² × probability² of each side (S2P2), both actors offered the
// same point. The floor on i's weight keeps 0/0 away and, when neither
// side counts, leaves i where it is.
func (w *SMPWorkspace) interpolate(i, j int, p float64) {
	k := w.k
	bi := w.bargain[i*2*k : i*2*k+k]
	bj := w.bargain[i*2*k+k : (i+1)*2*k]
	q := 1 - p
	for d := range k {
		ti, tj := w.pos[i*k+d], w.pos[j*k+d]
		si, sj := w.sal[i*k+d], w.sal[j*k+d]
		wi := (si * si) * (p * p)
		wj := (sj * sj) * (q * q)
		bi[d] = round4(((wi+smpMinWeight)*ti + wj*tj) / (wi + smpMinWeight + wj))
		bj[d] = round4((wi*ti + (smpMinWeight+wj)*tj) / (wi + smpMinWeight + wj))
	}
}

// setBargainUtils sets every actor's utility of the status quo and of the
// state after each bargain: the mean over actors of its utility of their
// positions, with the two parties at the bargain's positions.
func (w *SMPWorkspace) setBargainUtils() {
	n, k := w.n, w.k
	for a := range n {
		r := (2.0*w.risk[a] + w.risk[a]) / 3.0 // a's own estimate of itself
		sum := 0.0
		for b := range n {
			u := bsUtil(w.dist[a*n+b], r)
			w.util[a*n+b] = u
			sum += u
		}
		w.sqUtil[a] = sum / float64(n)
	}
	for i := range n {
		j := w.target[i]
		if j < 0 {
			continue
		}
		bi := w.bargain[i*2*k : i*2*k+k]
		bj := w.bargain[i*2*k+k : (i+1)*2*k]
		for a := range n {
			// KTAB's posUtil uses a's risk attitude itself, not a's
			// estimate of it; kept for agreement.
			u := bsUtil(w.distance(a, bi), w.risk[a])
			u += bsUtil(w.distance(a, bj), w.risk[a])
			row := w.util[a*n : (a+1)*n]
			for b, ub := range row {
				if b != i && b != j {
					u += ub
				}
			}
			w.butil[i*n+a] = u / float64(n)
		}
	}
}

// choose sets actor k's next position: of the status quo and the bargains
// k is party to (its own first-listed among them by initiator), the one
// with the highest probability of beating all the others in a vote of all
// actors weighted by capability; the first on ties.
func (w *SMPWorkspace) choose(k int) {
	n, dims := w.n, w.k
	opts := append(w.opts[:0], -1)
	for i := range n {
		if j := w.target[i]; j >= 0 && (i == k || j == k) {
			opts = append(opts, i)
		}
	}
	w.opts = opts
	no := len(opts)
	next := w.next[k*dims : (k+1)*dims]
	if no == 1 {
		copy(next, w.pos[k*dims:(k+1)*dims])
		return
	}
	u := w.ucho[:n*no]
	for a := range n {
		for m, i := range opts {
			if i < 0 {
				u[a*no+m] = w.sqUtil[a]
			} else {
				u[a*no+m] = w.butil[i*n+a]
			}
		}
	}
	p := w.prob[:no]
	w.condPCE(u, n, no, p)
	best, bestP := 0, -1.0
	for m, pm := range p {
		if bestP < math.Abs(pm) {
			best, bestP = m, math.Abs(pm)
		}
	}
	switch i := opts[best]; {
	case i < 0:
		copy(next, w.pos[k*dims:(k+1)*dims])
	case i == k:
		copy(next, w.bargain[i*2*dims:i*2*dims+dims])
	default:
		copy(next, w.bargain[i*2*dims+dims:(i+1)*2*dims])
	}
}
