package tree

import (
	"fmt"
	"math"
	"strings"

	"github.com/parley-dev/parley/sim/calc"
	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/suggest"
)

type nodeKind uint8

const (
	decisionNode nodeKind = iota
	chanceNode
	terminalNode
)

// treeNode is a node of a compiled tree, stored in preorder so that every
// child comes after its parent and backward induction is one reverse scan.
type treeNode struct {
	kind     nodeKind
	parent   int    // -1 at the root; the key path is built from parents for errors
	edge     string // the action or chance branch leading here
	party    int    // who moves, at a decision node
	children []int
	prob     *calc.Expr   // probability, when the parent is a chance node
	outcome  int          // at a terminal
	payoff   []*calc.Expr // at a terminal, one per party
	terminal int          // index among terminals
	key      uint64       // stream key for this node's chance or tie-break draw
}

type tree struct {
	nodes      []treeNode
	parties    int
	partyIDs   []string
	outcomeIDs []string
	terminals  []int    // node index of each terminal
	paths      []string // label of the path to each terminal
	ties       tieBreak // the scenario's rule for ties between best actions
	nx         int      // a world's value slots (parameters and derived values)
}

// tieTol is the relative tolerance under which two actions' payoffs count
// as tied: payoffs computed by different expressions rarely agree to the
// last bit even when they are equal in exact arithmetic.
const tieTol = 1e-9

// probTol is how far a chance node's probabilities may sum from 1.
const probTol = 1e-9

// newTree is an empty tree of env's parties and outcomes.
func newTree(env *model.Env) *tree {
	t := &tree{parties: len(env.PartyIndex), nx: env.Base}
	for _, p := range env.Parties {
		t.partyIDs = append(t.partyIDs, p.ID)
	}
	for _, o := range env.Outcomes {
		t.outcomeIDs = append(t.outcomeIDs, o.ID)
	}
	return t
}

// Compile compiles a game tree, recording its problems in env.
func Compile(root *NodeSpec, env *model.Env) model.Form {
	t := newTree(env)
	usedOutcomes := make([]bool, len(env.OutcomeIndex))
	broken := false // a node's children were not all walked: outcomes may be unused only for that
	var walk func(n *NodeSpec, path, edge string, parentChance bool, trail []string, parent int)
	walk = func(n *NodeSpec, path, edge string, parentChance bool, trail []string, parent int) {
		idx := len(t.nodes)
		t.nodes = append(t.nodes, treeNode{parent: parent, edge: edge, key: model.StreamKey("node", path)})
		nd := &t.nodes[idx]
		if parentChance {
			if strings.TrimSpace(n.Prob) == "" {
				env.Problems.Add(path, "a branch of a chance node needs prob: (an expression), found none")
			} else {
				nd.prob = env.Expr(path+".prob", n.Prob)
			}
		} else if n.Prob != "" {
			env.Problems.Add(path+".prob", "prob: belongs only on the branches of a chance node")
		}
		isDecision := n.Move != "" || len(n.Choices) > 0
		isChance := len(n.Chance) > 0
		isTerminal := n.Outcome != "" || len(n.Payoff) > 0
		kinds := 0
		for _, b := range []bool{isDecision, isChance, isTerminal} {
			if b {
				kinds++
			}
		}
		switch {
		case kinds == 0:
			env.Problems.Add(path, "expected a node: a decision (move: and choices:), a chance event (chance:) or an end (outcome: and payoff:), found none of these")
			broken = true
			return
		case kinds > 1:
			var found []string
			for _, k := range []struct {
				is         bool
				what, keys string
			}{
				{isDecision, "a decision", nodeKeys(n.Move != "", "move", len(n.Choices) > 0, "choices")},
				{isChance, "a chance event", "chance"},
				{isTerminal, "an end", nodeKeys(n.Outcome != "", "outcome", len(n.Payoff) > 0, "payoff")},
			} {
				if k.is {
					found = append(found, fmt.Sprintf("%s (%s)", k.what, k.keys))
				}
			}
			env.Problems.Add(path, "a node is one of a decision (move, choices), a chance event (chance) or an end (outcome, payoff), found keys of %s", strings.Join(found, " and "))
			broken = true
			return
		}
		switch {
		case isDecision:
			nd.kind = decisionNode
			if n.Move == "" {
				env.Problems.Add(path, "a decision node needs move: (the party that chooses), found none")
			} else if p, ok := env.PartyIndex[n.Move]; ok {
				nd.party = p
			} else {
				env.Problems.Add(path+".move", "unknown party %q%s (have %s)", n.Move, suggest.DidYouMean(n.Move, env.PartyNames()), strings.Join(env.PartyNames(), ", "))
			}
			if len(n.Choices) == 0 {
				env.Problems.Add(path, "a decision node needs choices: (at least one action), found none")
				broken = true
			}
			for _, c := range n.Choices {
				t.nodes[idx].children = append(t.nodes[idx].children, len(t.nodes))
				walk(c.Node, path+".choices."+c.Name, c.Name, false, append(trail, n.Move+" "+c.Name), idx)
			}
		case isChance:
			nd.kind = chanceNode
			if len(n.Chance) < 1 {
				env.Problems.Add(path, "a chance node needs at least one branch")
			}
			for _, c := range n.Chance {
				t.nodes[idx].children = append(t.nodes[idx].children, len(t.nodes))
				walk(c.Node, path+".chance."+c.Name, c.Name, true, append(trail, "chance "+c.Name), idx)
			}
			checkConstantProbs(t, idx, env.Problems)
		default:
			nd.kind = terminalNode
			nd.terminal = len(t.terminals)
			t.terminals = append(t.terminals, idx)
			label := strings.Join(trail, " → ")
			if label == "" {
				label = "(root)"
			}
			t.paths = append(t.paths, label)
			if n.Outcome == "" {
				env.Problems.Add(path, "an end node needs outcome: (one of %s), found none", strings.Join(env.OutcomeNames(), ", "))
			} else if o, ok := env.OutcomeIndex[n.Outcome]; ok {
				nd.outcome = o
				usedOutcomes[o] = true
			} else {
				env.Problems.Add(path+".outcome", "undefined outcome %q%s (define it under outcomes:)", n.Outcome, suggest.DidYouMean(n.Outcome, env.OutcomeNames()))
				broken = true // the outcome meant may be one reported unused
			}
			nd.payoff = make([]*calc.Expr, t.parties)
			for _, p := range n.Payoff {
				i, ok := env.PartyIndex[p.Party]
				if !ok {
					env.Problems.Add(path+".payoff."+p.Party, "unknown party %q%s (have %s)", p.Party, suggest.DidYouMean(p.Party, env.PartyNames()), strings.Join(env.PartyNames(), ", "))
					continue
				}
				nd.payoff[i] = env.Expr(path+".payoff."+p.Party, p.Expr)
			}
			var missing []string
			for _, party := range env.Parties {
				if i := env.PartyIndex[party.ID]; nd.payoff[i] == nil && !hasPayoff(n, party.ID) {
					missing = append(missing, party.ID)
				}
			}
			if len(missing) > 0 {
				env.Problems.Add(path, "missing payoff for %s: every end node needs a payoff for every party", strings.Join(missing, ", "))
			}
		}
	}
	walk(root, "model.tree", "", false, nil, -1)
	t.ties = compileTies(t, env)
	for i, used := range usedOutcomes {
		if !used && !broken && i < len(env.Outcomes) {
			env.Problems.Add("outcomes."+env.Outcomes[i].ID, "outcome %q is never reached: no end node of the tree has it", env.Outcomes[i].ID)
		}
	}
	return t
}

// path returns the key path of node i, built when an error needs it:
// stored per node, paths would take memory growing with depth squared.
func (t *tree) path(i int) string {
	n := &t.nodes[i]
	if n.parent < 0 {
		return "model.tree"
	}
	kind := ".choices."
	if t.nodes[n.parent].kind == chanceNode {
		kind = ".chance."
	}
	return t.path(n.parent) + kind + n.edge
}

// nodeKeys names the keys present, for messages.
func nodeKeys(has1 bool, key1 string, has2 bool, key2 string) string {
	switch {
	case has1 && has2:
		return key1 + ", " + key2
	case has1:
		return key1
	}
	return key2
}

func hasPayoff(n *NodeSpec, party string) bool {
	for _, p := range n.Payoff {
		if p.Party == party {
			return true
		}
	}
	return false
}

// checkConstantProbs catches, at load time, chance nodes whose
// probabilities are all plain numbers and do not sum to 1.
func checkConstantProbs(t *tree, idx int, ps *model.Problems) {
	sum := 0.0
	var terms []string
	for _, c := range t.nodes[idx].children {
		pe := t.nodes[c].prob
		if pe == nil {
			return
		}
		v, ok := pe.Constant()
		if !ok {
			return
		}
		if v < 0 || v > 1 {
			ps.Add(t.path(c)+".prob", "a probability must be in [0, 1], found %v%s", v, model.PercentHint(v))
			return
		}
		sum += v
		terms = append(terms, fmt.Sprint(v))
	}
	if math.Abs(sum-1) > probTol {
		ps.Add(t.path(idx)+".chance", "the branch probabilities must sum to 1, found %s = %.10g", strings.Join(terms, " + "), sum)
	}
}

func (t *tree) Name() string { return "tree" }

func (t *tree) Metrics() []string { return nil }

func (t *tree) Slots() int { return 0 }

func (t *tree) Tallies() []model.TallySpec {
	return []model.TallySpec{{Name: "paths", Title: "Equilibrium paths", Column: "path", Labels: t.paths}}
}

type treeSolver struct {
	t    *tree
	tied [][]int // per decision node: the best actions (more than one on a tie)

	// Every payoff and probability of the tree is one straight-line
	// program (calc.Program) over the register file regs: the world's
	// values, then the chance and decision nodes' values, then the
	// program's own registers. Shared operations are done once, and an
	// end's payoff written as a name is read from the name's register, so
	// nothing is copied. A world where some value is not finite is solved
	// again expression by expression (backwardExprs), which reports the
	// first fault.
	prog  *calc.Program
	regs  []float64
	at    []int32     // node*parties+party: the register of the node's value to the party
	pat   []int32     // per node: the register of its probability, when the parent is chance
	nx    int         // the input registers: the world's values
	inner []innerNode // the chance and decision nodes, children first

	// Payoffs written the same way at several ends ("afg_collapse") are
	// evaluated once per world: memo holds each distinct one's value,
	// memoAt (node*parties+party) says which, and memoFirst marks where
	// backward meets it first, which is where it is evaluated, so a fault
	// is reported at the same end as if every payoff were evaluated.
	memo      []float64
	memoAt    []int32
	memoFirst []bool

	expected []float64 // Expected's answer
}

// innerNode is a chance or decision node as backward induction reads it.
type innerNode struct {
	node   int
	chance bool
	party  int
	out    int     // the first of its value registers, one per party
	kids   []int   // its children
	kidsAt []int32 // per child c: c·parties, its row of at
}

// value is node i's value to party p in the world last solved.
func (s *treeSolver) value(i, p int) float64 { return s.regs[s.at[i*s.t.parties+p]] }

// prob is node i's probability in the world last solved.
func (s *treeSolver) prob(i int) float64 { return s.regs[s.pat[i]] }

func (t *tree) NewSolver([]bool) model.Solver {
	P, N := t.parties, len(t.nodes)
	s := &treeSolver{t: t, tied: model.Padded[[]int](N), nx: t.nx, at: make([]int32, N*P), pat: make([]int32, N), expected: make([]float64, P)}
	for _, n := range t.nodes { // every slot read is an input register
		for _, e := range append([]*calc.Expr{n.prob}, n.payoff...) {
			if e != nil {
				for _, v := range e.Vars() {
					s.nx = max(s.nx, v+1)
				}
			}
		}
	}
	b := calc.NewProgramBuilder(s.nx)
	inner := 0
	for _, n := range t.nodes {
		if n.kind != terminalNode {
			inner++
		}
	}
	innerAt := b.Reserve(inner * P)
	noProb := b.Reserve(1)        // pat of the nodes without a probability
	for i := N - 1; i >= 0; i-- { // backward's order
		n := &t.nodes[i]
		s.pat[i] = int32(noProb)
		if n.prob != nil {
			s.pat[i] = int32(b.Result(n.prob))
		}
		for p, e := range n.payoff {
			s.at[i*P+p] = int32(b.Result(e))
		}
		if n.kind != terminalNode {
			in := innerNode{node: i, chance: n.kind == chanceNode, party: n.party, out: innerAt + len(s.inner)*P, kids: n.children}
			for _, c := range n.children {
				in.kidsAt = append(in.kidsAt, int32(c*P))
			}
			for p := range P {
				s.at[i*P+p] = int32(in.out + p)
			}
			s.inner = append(s.inner, in)
		}
	}
	s.prog = b.Build()
	s.regs = s.prog.Regs()
	// One padded backing array for every node's tied actions: small
	// separate allocations made one worker after another sit side by side,
	// and two workers writing the same cache line slow each other down.
	total := 0
	for _, n := range t.nodes {
		total += len(n.children)
	}
	buf := model.Padded[int](total)
	for i, n := range t.nodes {
		s.tied[i], buf = buf[:0:len(n.children)], buf[len(n.children):]
	}
	s.memoAt = model.Padded[int32](N * P)
	s.memoFirst = model.Padded[bool](N * P)
	seen := map[string]int32{}
	for i := N - 1; i >= 0; i-- { // backward's order
		for p, e := range t.nodes[i].payoff {
			k, ok := seen[e.Src]
			if !ok {
				k = int32(len(seen))
				seen[e.Src] = k
			}
			s.memoAt[i*P+p], s.memoFirst[i*P+p] = k, !ok
		}
	}
	s.memo = model.Padded[float64](len(seen))
	return s
}

// solve finds the subgame-perfect equilibrium by backward induction, then
// plays it forward, drawing chance events and tie-breaks from the world's
// streams.
func (s *treeSolver) Solve(w *model.World) error {
	if err := s.backward(w); err != nil {
		return err
	}
	return s.forward(w)
}

// outcomeDist gives the probability of each outcome in world w under the
// equilibrium: chance branches by their probabilities, tied actions
// evenly. It draws nothing.
func (s *treeSolver) OutcomeDist(w *model.World, dist []float64) error {
	if err := s.backward(w); err != nil {
		return err
	}
	clear(dist)
	var walk func(i int, p float64)
	walk = func(i int, p float64) {
		n := &s.t.nodes[i]
		switch n.kind {
		case terminalNode:
			dist[n.outcome] += p
		case chanceNode:
			for _, c := range n.children {
				walk(c, p*s.prob(c))
			}
		case decisionNode:
			tied := s.tied[i]
			for _, c := range tied {
				walk(c, p/float64(len(tied)))
			}
		}
	}
	walk(0, 1)
	return nil
}

// backward computes every node's value for every party by backward
// induction, and each decision node's best actions.
func (s *treeSolver) backward(w *model.World) error {
	copy(s.regs[:s.nx], w.X)
	if !s.prog.Run(s.regs) {
		return s.backwardExprs(w)
	}
	for k := range s.inner {
		if err := s.induct(&s.inner[k]); err != nil {
			return err
		}
	}
	return nil
}

// backwardExprs is backward evaluating each expression in turn, where it
// is met, and reporting the first that gives a value not finite. It
// writes each value to its register, which holds the same value when the
// program fills it.
func (s *treeSolver) backwardExprs(w *model.World) error {
	t := s.t
	P := t.parties
	k := 0 // s.inner is in the same order
	for i := len(t.nodes) - 1; i >= 0; i-- {
		n := &t.nodes[i]
		if n.prob != nil {
			pr, f := n.prob.Run(w.X)
			if f.Failed() {
				return model.ExprFault(n.prob, t.path(i)+".prob", f, pr)
			}
			s.regs[s.pat[i]] = pr
		}
		if n.kind != terminalNode {
			if err := s.induct(&s.inner[k]); err != nil {
				return err
			}
			k++
			continue
		}
		for p, e := range n.payoff {
			m := s.memoAt[i*P+p]
			if s.memoFirst[i*P+p] {
				pv, f := e.Run(w.X)
				if f.Failed() {
					return model.ExprFault(e, t.path(i)+".payoff."+t.partyIDs[p], f, pv)
				}
				s.memo[m] = pv
			}
			s.regs[s.at[i*P+p]] = s.memo[m]
		}
	}
	return nil
}

// induct computes the value of chance or decision node in from its
// children's, and a decision node's best actions.
func (s *treeSolver) induct(in *innerNode) error {
	t := s.t
	P := t.parties
	r, at := s.regs, s.at
	v := r[in.out : in.out+P]
	if in.chance {
		sum := 0.0
		for _, c := range in.kids {
			pc := r[s.pat[c]]
			if !(pc >= -probTol && pc <= 1+probTol) {
				return &model.WorldError{Path: t.path(c) + ".prob", Msg: fmt.Sprintf("probability %v is outside [0, 1]", pc)}
			}
			sum += pc
		}
		if math.Abs(sum-1) > probTol {
			return &model.WorldError{Path: t.path(in.node) + ".chance", Msg: fmt.Sprintf("branch probabilities sum to %v, not 1", sum)}
		}
		clear(v)
		for k, c := range in.kids {
			pc := r[s.pat[c]]
			cv := at[in.kidsAt[k] : int(in.kidsAt[k])+P]
			for p := range v {
				v[p] += pc * r[cv[p]]
			}
		}
		return nil
	}
	party := in.party
	best := r[at[int(in.kidsAt[0])+party]] // math.Max(-Inf, x) is x
	for _, c := range in.kidsAt[1:] {
		// math.Max, whose call is not inlined, for finite numbers;
		// only best's sign when 0 may differ, and best is only
		// compared with.
		if x := r[at[int(c)+party]]; x > best {
			best = x
		} else if x-x != 0 || best-best != 0 {
			best = math.Max(best, x)
		}
	}
	scale := math.Abs(best) // math.Max(1, |best|)
	if !(scale > 1) && scale == scale {
		scale = 1
	}
	tol := tieTol * scale
	tied := s.tied[in.node][:0]
	for k, c := range in.kidsAt {
		if r[at[int(c)+party]] >= best-tol {
			tied = append(tied, in.kids[k])
		}
	}
	if len(tied) > 1 {
		tied = t.ties.narrow(in.node, tied)
	}
	s.tied[in.node] = tied
	if len(tied) == 1 { // as below with a share of 1: 0 + 1·x, which is x but turns -0 into 0
		cv := at[tied[0]*P : (tied[0]+1)*P]
		for p := range v {
			v[p] = 0 + r[cv[p]]
		}
		return nil
	}
	// Ties the rule leaves are split evenly: the mover mixes
	// uniformly over them, and everyone above sees that mixture's
	// value.
	clear(v)
	share := 1 / float64(len(tied))
	for _, c := range tied {
		cv := at[c*P : (c+1)*P]
		for p := range v {
			v[p] += share * r[cv[p]]
		}
	}
	return nil
}

// forward plays the equilibrium from the root, drawing chance events and
// tie-breaks from the world's streams.
func (s *treeSolver) forward(w *model.World) error {
	t := s.t
	P := t.parties
	w.Ties = 0
	i := 0
	for {
		n := &t.nodes[i]
		switch n.kind {
		case terminalNode:
			w.Outcome = n.outcome
			for p, r := range s.at[i*P : (i+1)*P] {
				w.Payoff[p] = s.regs[r]
			}
			w.Picks[0] = n.terminal
			return nil
		case chanceNode:
			u := w.Uniform(n.key)
			next := n.children[len(n.children)-1]
			acc := 0.0
			for _, c := range n.children {
				acc += s.prob(c)
				if u < acc {
					next = c
					break
				}
			}
			i = next
		case decisionNode:
			tied := s.tied[i]
			if len(tied) == 1 {
				i = tied[0]
				continue
			}
			w.Ties++
			k := int(w.Uniform(n.key) * float64(len(tied)))
			i = tied[min(k, len(tied)-1)]
		}
	}
}
