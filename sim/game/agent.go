package game

import (
	"errors"
	"math"
)

// LogitBehavior traces the agent logit quantal response equilibrium of an
// extensive game (McKelvey and Palfrey 1998) from the centroid, as Logit
// does for strategic games: at every information set the mover's action
// probabilities are proportional to exp(λ × the action's expected payoff
// conditional on reaching the set), beliefs following the profile. This is
// what gambit-logit computes for a .efg game.
//
// The returned profile is in behaviour strategies, laid out as Gambit
// prints them: Profile[p] holds, for each of player p's information sets
// in Infosets order, its action probabilities. With opts.Lambda zero the
// point where the trace passes opts.MaxLambda is returned, approximating a
// sequential equilibrium.
//
// The conditional payoffs are rational functions of the profile; their
// derivatives are taken by central differences in the log-probabilities,
// accurate to about 1e-9, which the corrector tolerates.
func LogitBehavior(e *Extensive, opts LogitOptions) (QRE, error) {
	if err := e.Validate(); err != nil {
		return QRE{}, err
	}
	sy := newAgentSystem(e)
	if sy.K == 0 {
		return QRE{}, errors.New("game: logit: the game has no information set of a player")
	}
	q, err := sy.trace(opts)
	// Regroup from one slice per information set to one per player.
	out := make(Mixed, len(e.Players))
	for h, p := range sy.efg.setPlayer {
		out[p] = append(out[p], q.Profile[h]...)
	}
	for p := range out {
		if out[p] == nil {
			out[p] = []float64{}
		}
	}
	q.Profile = out
	return q, err
}

// efgModel evaluates the agent form's conditional payoffs.
type efgModel struct {
	nodes     []agentNode // preorder
	setPlayer []int       // player of each information set (group)
	players   int
	// scratch
	reach, value []float64 // per node: log realisation probability; values (nodes×players)
	top          []float64 // per set: largest log realisation probability of its nodes
	num, den     []float64
	zs           []float64
	up, um       []float64
}

type agentNode struct {
	group    int // information set (group) of a player's node, -1 otherwise
	player   int
	children []int
	probs    []float64 // chance probabilities
	logProbs []float64 // their logarithms
	pay      []float64 // outcome, or nil
}

func newAgentSystem(e *Extensive) *logitSystem {
	m := &efgModel{players: len(e.Players)}
	group := map[*Infoset]int{}
	var dims []int
	for p := range e.Players {
		for _, s := range e.Infosets(p) {
			group[s] = len(dims)
			dims = append(dims, len(s.Actions))
			m.setPlayer = append(m.setPlayer, p)
		}
	}
	index := map[*Node]int{}
	e.walk(func(n *Node) {
		index[n] = len(m.nodes)
		m.nodes = append(m.nodes, agentNode{group: -1})
	})
	lo, hi := math.Inf(1), math.Inf(-1)
	e.walk(func(n *Node) {
		an := &m.nodes[index[n]]
		if n.Outcome != nil {
			an.pay = n.Outcome.Payoffs
			for _, v := range an.pay {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
		for _, c := range n.Children {
			an.children = append(an.children, index[c])
		}
		if s := n.Infoset; s != nil {
			if s.Player == Chance {
				an.probs = s.Probs
				for _, p := range s.Probs {
					an.logProbs = append(an.logProbs, math.Log(p))
				}
			} else {
				an.group = group[s]
				an.player = s.Player
			}
		}
	})
	sy := &logitSystem{dims: dims, off: make([]int, len(dims)), scale: 1, efg: m}
	if hi > lo {
		sy.scale = hi - lo
	}
	for h, d := range dims {
		sy.off[h] = sy.K
		for range d {
			sy.owner = append(sy.owner, h)
		}
		sy.K += d
	}
	sy.alloc()
	n := len(m.nodes)
	m.reach = make([]float64, n)
	m.value = make([]float64, n*m.players)
	m.num = make([]float64, sy.K)
	m.den = make([]float64, len(dims))
	m.top = make([]float64, len(dims))
	m.zs = make([]float64, sy.K)
	m.up = make([]float64, sy.K)
	m.um = make([]float64, sy.K)
	return sy
}

// conditional fills u with each action's expected payoff to the mover,
// conditional on reaching its information set, under the probabilities
// exp(z), and pi with those probabilities.
func (m *efgModel) conditional(sy *logitSystem, z, pi, u []float64) {
	for i := range sy.K {
		pi[i] = math.Exp(z[i])
	}
	np := m.players
	inv := 1 / sy.scale
	// Values, bottom up (reverse preorder visits children first).
	for x := len(m.nodes) - 1; x >= 0; x-- {
		nd := &m.nodes[x]
		v := m.value[x*np : (x+1)*np]
		clear(v)
		for a, c := range nd.children {
			w := 0.0
			if nd.group >= 0 {
				w = pi[sy.off[nd.group]+a]
			} else {
				w = nd.probs[a]
			}
			for i := range v {
				v[i] += w * m.value[c*np+i]
			}
		}
		for i, p := range nd.pay {
			v[i] += p * inv
		}
	}
	// Beliefs: log realisation probabilities, top down, so that they do
	// not underflow as λ grows and off-path sets are reached with
	// probability 1e-300 and less; each set's weights are then taken
	// relative to its most likely node.
	m.reach[0] = 0
	for x := range m.nodes {
		nd := &m.nodes[x]
		for a, c := range nd.children {
			if nd.group >= 0 {
				m.reach[c] = m.reach[x] + z[sy.off[nd.group]+a]
			} else {
				m.reach[c] = m.reach[x] + nd.logProbs[a]
			}
		}
	}
	for h := range m.top {
		m.top[h] = math.Inf(-1)
	}
	for x := range m.nodes {
		if h := m.nodes[x].group; h >= 0 {
			m.top[h] = math.Max(m.top[h], m.reach[x])
		}
	}
	clear(m.num)
	clear(m.den)
	for x := range m.nodes {
		nd := &m.nodes[x]
		h := nd.group
		if h < 0 {
			continue
		}
		w := 1.0 // a set that chance never reaches: weigh its nodes equally
		if !math.IsInf(m.top[h], -1) {
			w = math.Exp(m.reach[x] - m.top[h])
		}
		m.den[h] += w
		for a, c := range nd.children {
			m.num[sy.off[h]+a] += w * m.value[c*np+nd.player]
		}
	}
	for h, d := range sy.dims {
		for a := range d {
			u[sy.off[h]+a] = m.num[sy.off[h]+a] / m.den[h]
		}
	}
}

// payoffs fills sy.pi, sy.u and sy.dlog at z, the derivatives by central
// differences in the log-probabilities: 2K+1 evaluations of the
// conditional payoffs, each linear in the size of the tree. (Forward
// differences, half the cost, are too inexact: the trace of bayes2a.efg
// then crawls.)
func (m *efgModel) payoffs(sy *logitSystem, z []float64) {
	K := sy.K
	copy(m.zs, z[:K])
	const d = 1e-5
	for c := range K {
		m.zs[c] = z[c] + d
		m.conditional(sy, m.zs, sy.pi, m.up)
		m.zs[c] = z[c] - d
		m.conditional(sy, m.zs, sy.pi, m.um)
		m.zs[c] = z[c]
		for r := range K {
			sy.dlog[r*K+c] = (m.up[r] - m.um[r]) / (2 * d)
		}
	}
	m.conditional(sy, z, sy.pi, sy.u)
}
