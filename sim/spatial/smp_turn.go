package spatial

import "math"

// step runs one turn of KTAB's SMP, from w.pos into w.next:
//  1. distances and risk attitudes (KTAB's SMPState::setAllAUtil);
//  2. every actor picks its best challenge and, if it is worth making,
//     interpolates a bargain with its target (SMPState::doBCN);
//  3. every actor adopts the bargain, or the status quo, most likely to
//     win a vote of all actors among those it is party to
//     (SMPState::updateBestBrgnPositions).
//
// Actors' ideals are their current positions: KTAB's CSV runs use the
// identity accommodation matrix, which makes ideals track positions.
func (w *SMPWorkspace) step() {
	w.setDistances()
	w.setRisk()
	for i := range w.n {
		w.challenge(i)
	}
	w.setBargainUtils()
	for k := range w.n {
		w.choose(k)
	}
}

// bsUtil is KTAB's utility of a salience-weighted distance sd (0–1) to an
// actor of risk attitude r (−1 averse … +1 seeking).
func bsUtil(sd, r float64) float64 {
	if sd <= 1 {
		return (1 - sd) * (1 + sd*r)
	}
	return (1 - sd) * (1 + r) // round-off can push sd past 1
}

// distance is KTAB's bvDiff between a's ideal and position x: the
// Euclidean distance weighted by a's saliences, divided by the norm of
// those saliences.
func (w *SMPWorkspace) distance(a int, x []float64) float64 {
	k := w.k
	ideal, sal := w.pos[a*k:(a+1)*k], w.sal[a*k:(a+1)*k]
	ds := 0.0
	for d := range k {
		v := (ideal[d] - x[d]) * sal[d]
		ds += v * v
	}
	return math.Sqrt(ds / w.salSq[a])
}

func (w *SMPWorkspace) setDistances() {
	n, k := w.n, w.k
	for a := range n {
		for b := range n {
			d := w.distance(a, w.pos[b*k:(b+1)*k])
			w.dist[a*n+b], w.distT[b*n+a] = d, d
		}
	}
}

// setRisk infers each actor's risk attitude from how likely its position
// is to beat all others when everybody is risk neutral, mapped linearly
// onto KTAB's Mid range: the least likely position gets −½ and the
// likeliest +1.
func (w *SMPWorkspace) setRisk() {
	n := w.n
	for i := range n * n {
		w.util[i] = bsUtil(w.dist[i], 0)
	}
	p := w.prob[:n]
	w.condPCE(w.util, n, n, p)
	pMin, pMax := 1.0, 0.0
	for _, pi := range p {
		pMin = min(pMin, pi)
		pMax = max(pMax, pi)
	}
	for i, pi := range p {
		r := (3*pi - (pMax + 2*pMin)) / (2 * (pMax - pMin))
		if pMax == pMin { // all positions alike: KTAB divides 0 by 0
			r = 0
		}
		w.risk[i] = r
	}
}

// condPCE is KTAB's scalarPCE with proportional voting, linear victory
// probabilities and the conditional PCE model: u holds no columns of
// utilities, one row per voting actor (weight = capability); p gets each
// option's probability of beating all others, conditional on one doing so.
func (w *SMPWorkspace) condPCE(u []float64, nv, no int, p []float64) {
	c := w.coal[:no*no]
	for i := range no {
		for j := range i {
			cij, cji := smpMinCoalition, smpMinCoalition
			for k := range nv {
				v := w.cap[k] * (u[k*no+i] - u[k*no+j])
				if v > 0 {
					cij += v
				}
				if v < 0 {
					cji -= v
				}
			}
			c[i*no+j], c[j*no+i] = cij, cji
		}
	}
	total := 0.0
	for i := range no {
		pi := 1.0
		for j := range no {
			if i == j {
				pi *= 0.5
				continue
			}
			cij, cji := c[i*no+j], c[j*no+i]
			pi *= cij / (cij + cji)
		}
		p[i] = pi
		total += pi
	}
	for i := range p[:no] {
		p[i] /= total
	}
}
