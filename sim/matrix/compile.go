package matrix

import (
	"fmt"
	"slices"
	"strings"

	"github.com/parley-dev/parley/sim/calc"
	"github.com/parley-dev/parley/sim/game"
	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/suggest"
)

// matrixRoot is the key path of a strategic-form model.
const matrixRoot = "model.matrix"

// matrixCompiler holds what compiling a strategic-form model shares across
// its phases: the players, the game's shape and the problems found.
type matrixCompiler struct {
	spec *MatrixSpec
	env  *model.Env
	base int
	ps   *model.Problems
	m    *matrixModel

	playerIdx map[string]int // party id → player
	ids       []string       // the players' party ids
	count     int            // profiles
	g         *game.Strategic
	prof      []int
	given     [][]bool // profile → player: a payoff was written, though its expression may be broken
}

// Compile compiles a strategic-form game, recording its problems in env.
func Compile(spec *MatrixSpec, env *model.Env) model.Form {
	base := env.Base
	m := &matrixModel{base: base, selection: SelectLogit, parties: len(env.Parties)}
	for _, p := range env.Parties {
		m.partyIDs = append(m.partyIDs, p.ID)
	}
	c := &matrixCompiler{spec: spec, env: env, base: base, ps: env.Problems, m: m}
	if !c.players() || !c.strategies() {
		return m
	}
	c.profileLabels()
	shapeBad, missingAt := c.payoffs()
	c.missingPayoffs(shapeBad, missingAt)
	c.selection()
	c.outcomes()
	c.outcomeCoverage()
	return m
}

// players reads the players. It reports false when there are fewer than
// two.
func (c *matrixCompiler) players() bool {
	env, ps, m := c.env, c.ps, c.m
	c.playerIdx = map[string]int{}
	c.ids = c.spec.Players
	if len(c.ids) == 0 {
		c.ids = m.partyIDs
	}
	for _, id := range c.ids {
		i, ok := env.PartyIndex[id]
		if !ok {
			ps.Add(matrixRoot+".players", "unknown party %q%s", id, suggest.DidYouMean(id, env.PartyNames()))
			continue
		}
		if _, dup := c.playerIdx[id]; dup {
			ps.Add(matrixRoot+".players", "party %q is listed twice", id)
			continue
		}
		c.playerIdx[id] = len(m.players)
		m.players = append(m.players, i)
		m.keys = append(m.keys, model.StreamKey("player", id))
	}
	if len(m.players) < 2 {
		ps.Add(matrixRoot+".players", "a strategic-form game needs at least two players, found %d", len(m.players))
		return false
	}
	return true
}

// strategies reads each player's strategies and checks the game is small
// enough to solve in every world. It reports false when it is not, or
// when a player has none.
func (c *matrixCompiler) strategies() bool {
	ps, m, ids := c.ps, c.m, c.ids
	m.strats = make([][]string, len(m.players))
	notPlayer := false
	for _, st := range c.spec.Strategies {
		i, ok := c.playerIdx[st.Name]
		if !ok {
			ps.Add(matrixRoot+".strategies."+st.Name, "%q is not a player%s (players: %s)", st.Name, suggest.DidYouMean(st.Name, ids), strings.Join(ids, ", "))
			notPlayer = true
			continue
		}
		seen := map[string]bool{}
		for j, x := range st.Items {
			if seen[x] {
				ps.Add(fmt.Sprintf("%s.strategies.%s.%d", matrixRoot, st.Name, j), "strategy %q is listed twice", x)
			}
			seen[x] = true
		}
		m.strats[i] = st.Items
	}
	c.count = 1
	for i, st := range m.strats {
		if len(st) == 0 {
			if !notPlayer { // else the player meant is likely the one missing
				ps.Add(matrixRoot+".strategies", "missing strategies for player %s", ids[i])
			}
			return false
		}
		m.dims = append(m.dims, len(st))
		c.count *= len(st)
		if c.count > 1_000_000 {
			ps.Add(matrixRoot+".strategies", "the game has more than a million profiles; that is too large to solve in every world")
			return false
		}
	}
	return c.sizeOK()
}

// sizeOK checks the game's payoffs and its equilibrium search fit in
// every world.
func (c *matrixCompiler) sizeOK() bool {
	ps, m := c.ps, c.m
	if entries := c.count * len(m.players); entries > maxMatrixPayoffs {
		ps.Add(matrixRoot+".strategies", "the game has %d profiles × %d players = %d payoffs, more than the %d that can be evaluated in every world (give fewer players, or fewer strategies)", c.count, len(m.players), entries, maxMatrixPayoffs)
		return false
	}
	if len(m.dims) == 2 {
		if a, b := m.dims[0], m.dims[1]; a+b > maxMatrixLabels {
			ps.Add(matrixRoot+".strategies", "a two-player game may have at most %d strategies in all, the most the equilibrium search handles, found %d×%d = %d (use fewer strategies, or merge similar ones)", maxMatrixLabels, a, b, a+b)
			return false
		} else if k := binomial(a+b, min(a, b)); k > maxMatrixSupports {
			ps.Add(matrixRoot+".strategies", "a two-player game of %d×%d strategies is too large to search for every equilibrium in every world: the search solves C(%d, %d) = %s linear systems per world, more than the limit of %d (use fewer strategies, or merge similar ones)",
				a, b, a+b, min(a, b), supportsWords(k), maxMatrixSupports)
			return false
		}
	}
	return true
}

// profileLabels names every profile.
func (c *matrixCompiler) profileLabels() {
	m := c.m
	c.g = game.NewStrategic(m.dims...)
	c.prof = make([]int, len(m.players))
	for k := range c.count {
		c.g.Profile(k, c.prof)
		var parts []string
		for i, sIdx := range c.prof {
			parts = append(parts, c.ids[i]+"="+m.strats[i][sIdx])
		}
		m.labels = append(m.labels, strings.Join(parts, ", "))
	}
}

// Expressions: parameters, derived values, and (in outcome rules) each
// player's strategy by name.

func (c *matrixCompiler) lookup(name string) (int, bool) {
	if i, ok := c.playerIdx[name]; ok {
		return c.base + i, true
	}
	return c.env.Lookup(name)
}

func (c *matrixCompiler) names() []string { return append(c.env.Names(), c.ids...) }

func (c *matrixCompiler) enum(name string) ([]string, bool) {
	if i, ok := c.playerIdx[name]; ok {
		return c.m.strats[i], true
	}
	return nil, false
}

func (c *matrixCompiler) compile(path, src string, profileOK bool) *calc.Expr {
	x, errs := calc.CompileEnum(strings.TrimSpace(src), c.lookup, c.names, c.enum)
	for _, er := range errs {
		c.ps.AddAt(path, er.Offset, "%s", strategyWords(er.Msg))
	}
	if x != nil && !profileOK {
		for _, v := range x.Vars() {
			if v >= c.base {
				c.ps.AddAt(path, 0, "a payoff is given per profile and cannot read a player's strategy, found %s (the profile is fixed where the payoff is written)", c.ids[v-c.base])
				return nil
			}
		}
	}
	return x
}

// payoffs reads the payoffs, per profile or as a bimatrix. It reports
// whether the table had the wrong shape (after which the payoffs it left
// out are not reported missing as well: the fix is to the table), and
// the key path under which missing payoffs are reported.
func (c *matrixCompiler) payoffs() (shapeBad bool, missingAt string) {
	spec, ps, m := c.spec, c.ps, c.m
	m.payoff = make([][]*calc.Expr, c.count)
	c.given = make([][]bool, c.count)
	m.payoffAt = make([][]string, c.count)
	for k := range m.payoff {
		m.payoff[k] = make([]*calc.Expr, len(m.players))
		m.payoffAt[k] = make([]string, len(m.players))
		c.given[k] = make([]bool, len(m.players))
	}
	missingAt = matrixRoot + ".payoffs"
	switch {
	case len(spec.Bimatrix) > 0 && len(spec.Payoffs) > 0:
		ps.Add(matrixRoot+".payoffs", "give payoffs: (per profile) or bimatrix: (two matrices), found both")
		shapeBad = true
	case len(spec.Bimatrix) > 0:
		missingAt = matrixRoot + ".bimatrix"
		shapeBad = c.bimatrix()
	default:
		shapeBad = c.perProfile()
	}
	return shapeBad, missingAt
}

// bimatrix reads a two-player game's payoffs as a matrix per player. It
// reports whether the table had the wrong shape.
func (c *matrixCompiler) bimatrix() (shapeBad bool) {
	ps, m, ids := c.ps, c.m, c.ids
	if len(m.players) != 2 {
		ps.Add(matrixRoot+".bimatrix", "bimatrix: is for two-player games; this one has %d players, use payoffs:", len(m.players))
		return true
	}
	for _, bm := range c.spec.Bimatrix {
		path := matrixRoot + ".bimatrix." + bm.Party
		i, ok := c.playerIdx[bm.Party]
		if !ok {
			ps.Add(path, "%q is not a player%s (players: %s)", bm.Party, suggest.DidYouMean(bm.Party, ids), strings.Join(ids, ", "))
			shapeBad = true
			continue
		}
		if len(bm.Rows) != m.dims[0] {
			ps.Add(path, "expected %d rows (one per strategy of %s), found %d", m.dims[0], ids[0], len(bm.Rows))
			shapeBad = true
			continue
		}
		for r, row := range bm.Rows {
			if len(row) != m.dims[1] {
				ps.Add(fmt.Sprintf("%s.%d", path, r), "expected %d entries (one per strategy of %s), found %d", m.dims[1], ids[1], len(row))
				shapeBad = true
				continue
			}
			for col, src := range row {
				k := c.g.Index([]int{r, col})
				c.given[k][i] = true
				m.payoff[k][i] = c.compile(fmt.Sprintf("%s.%d.%d", path, r, col), src, false)
				m.payoffAt[k][i] = fmt.Sprintf("%s.%d.%d", path, r, col)
			}
		}
	}
	return shapeBad
}

// perProfile reads the payoffs given per profile. It reports whether the
// table had the wrong shape.
func (c *matrixCompiler) perProfile() (shapeBad bool) {
	ps, m, ids, prof := c.ps, c.m, c.ids, c.prof
	first := map[int]int{} // profile → the entry that gave it first
	for n, pp := range c.spec.Payoffs {
		path := fmt.Sprintf("%s.payoffs.%d", matrixRoot, n)
		if len(pp.Profile) != len(m.players) {
			ps.Add(path+".profile", "expected one strategy per player (%s), found %d", strings.Join(ids, ", "), len(pp.Profile))
			shapeBad = true
			continue
		}
		okp := true
		for i, name := range pp.Profile {
			j := slices.Index(m.strats[i], name)
			if j < 0 {
				ps.Add(fmt.Sprintf("%s.profile.%d", path, i), "player %s has no strategy %q%s (have %s)", ids[i], name, suggest.DidYouMean(name, m.strats[i]), strings.Join(m.strats[i], ", "))
				okp = false
			}
			prof[i] = j
		}
		if !okp {
			shapeBad = true
			continue
		}
		k := c.g.Index(prof)
		if f, dup := first[k]; dup {
			ps.Add(path+".profile", "profile %s is given twice (first at %s.payoffs.%d)", m.labels[k], matrixRoot, f)
			shapeBad = true
			continue
		}
		first[k] = n
		for _, pf := range pp.Payoff {
			i, ok := c.playerIdx[pf.Party]
			if !ok {
				ps.Add(path+".payoff."+pf.Party, "%q is not a player%s (players: %s)", pf.Party, suggest.DidYouMean(pf.Party, ids), strings.Join(ids, ", "))
				shapeBad = true
				continue
			}
			c.given[k][i] = true
			m.payoff[k][i] = c.compile(path+".payoff."+pf.Party, pf.Expr, false)
			m.payoffAt[k][i] = path + ".payoff." + pf.Party
		}
	}
	return shapeBad
}

// missingPayoffs reports the first three profiles lacking a payoff, and
// how many more there are.
func (c *matrixCompiler) missingPayoffs(shapeBad bool, missingAt string) {
	ps, m := c.ps, c.m
	missing := 0 // profiles lacking a payoff
	for k := range m.payoff {
		var lack []string
		for i := range m.players {
			if !c.given[k][i] {
				lack = append(lack, c.ids[i])
			}
		}
		if len(lack) == 0 || shapeBad {
			continue
		}
		if missing < 3 {
			if len(lack) == len(m.players) {
				ps.Add(missingAt, "missing profile %s: expected a payoff for every profile, found none for this one", m.labels[k])
			} else {
				ps.Add(missingAt, "missing payoff for %s at profile %s", strings.Join(lack, ", "), m.labels[k])
			}
		}
		missing++
	}
	if missing > 3 {
		ps.Add(missingAt, "and %d more profiles with missing payoffs", missing-3)
	}
}

// selection reads the equilibrium selection rule.
func (c *matrixCompiler) selection() {
	spec, ps, m := c.spec, c.ps, c.m
	if spec.Selection == "" {
		return
	}
	if !slices.Contains(Selections(), spec.Selection) {
		ps.Add(matrixRoot+".selection", "unknown selection rule %q%s (have %s)", spec.Selection, suggest.DidYouMean(spec.Selection, Selections()), strings.Join(Selections(), ", "))
	}
	if spec.Selection == SelectRiskDominant && !(len(m.dims) == 2 && m.dims[0] == 2 && m.dims[1] == 2) {
		var dims []string
		for _, d := range m.dims {
			dims = append(dims, fmt.Sprint(d))
		}
		ps.Add(matrixRoot+".selection", "risk dominance is defined here for 2×2 games only, found a %s game (use logit, payoff-dominant or uniform)", strings.Join(dims, "×"))
	}
	m.selection = spec.Selection
}

// outcomes reads the outcome rules over the played profile.
func (c *matrixCompiler) outcomes() {
	c.m.rules = c.env.Rules(matrixRoot, c.spec.Outcomes, "outcome: condition on the played profile, the first that holds wins",
		func(path, src string) *calc.Expr { return c.compile(path, src, true) })
}
