package spatial

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/parley-dev/parley/sim/calc"
	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/suggest"
)

// root is the key path of a spatial model.
const root = "model.spatial"

// Methods lists the spatial methods a scenario may name.
func Methods() []string { return []string{"bdm", "smp"} }

// The options each method takes, by their YAML keys.
var methodOptions = map[string][]string{
	"bdm": {"rounds", "tolerance", "q", "capitulation"},
	"smp": {"rounds"},
}

// compiler holds what compiling a spatial model shares across its phases.
type compiler struct {
	spec *Spec
	env  *model.Env
	ps   *model.Problems
	f    *form
	dimX map[string]int // dimension id → index
	actX map[string]int // actor id → index
}

// Compile compiles a spatial model, recording its problems in env. The
// form's own value slots, after env.Base, hold each world's forecast for
// the outcome rules: see form.slot.
func Compile(spec *Spec, env *model.Env) model.Form {
	f := &form{base: env.Base, parties: len(env.Parties), winTol: DefaultWinTolerance}
	for _, o := range env.Outcomes {
		f.outcomeIDs = append(f.outcomeIDs, o.ID)
	}
	c := &compiler{spec: spec, env: env, ps: env.Problems, f: f, dimX: map[string]int{}, actX: map[string]int{}}
	c.method()
	c.dimensions()
	c.actors()
	c.parties()
	f.names()
	c.outcomes()
	return f
}

// method reads the method and its options.
func (c *compiler) method() {
	spec, ps, f := c.spec, c.ps, c.f
	switch spec.Method {
	case "bdm", "smp":
		f.method = spec.Method
	case "":
		ps.Add(root, "expected method: (%s), found none", strings.Join(Methods(), " or "))
	default:
		ps.Add(root+".method", "unknown method %q%s (have %s)", spec.Method, suggest.DidYouMean(spec.Method, Methods()), strings.Join(Methods(), ", "))
	}
	if f.method != "" {
		for _, key := range spec.Given {
			if !slices.Contains(methodOptions[f.method], key) {
				ps.Add(root+"."+key, "%s: is an option of another method; method %s takes %s", key, f.method, strings.Join(methodOptions[f.method], ", "))
			}
		}
	}
	if spec.Rounds < 0 {
		ps.Add(root+".rounds", "expected a whole number of rounds, at least 1, found %d", spec.Rounds)
	}
	if spec.Rounds > maxRounds {
		ps.Add(root+".rounds", "expected at most %d rounds (a run keeps every round's positions), found %d", maxRounds, spec.Rounds)
	}
	if !(spec.Tolerance >= 0) {
		ps.Add(root+".tolerance", "expected a tolerance of 0 or more (on the 0–100 scale), found %v", spec.Tolerance)
	}
	if !(spec.Q >= 0 && spec.Q <= 1) {
		ps.Add(root+".q", "expected a probability in (0, 1], found %v", spec.Q)
	}
	if t := spec.WinTolerance; t != nil {
		if !(*t >= 0 && *t <= 100) {
			ps.Add(root+".win_tolerance", "expected a distance from 0 to 100 (on the 0–100 scale), found %v", *t)
		} else {
			f.winTol = *t
		}
	}
	f.bdm = BDMOptions{Rounds: spec.Rounds, Tol: spec.Tolerance, Q: spec.Q, Capitulation: spec.Capitulation}
	f.smp = SMPOptions{MaxTurns: spec.Rounds}
}

// maxRounds bounds the round limit: the trajectory of every world is kept
// in the solver's workspace.
const maxRounds = 10_000

// dimensions reads the dimensions.
func (c *compiler) dimensions() {
	if len(c.spec.Dimensions) == 0 {
		c.ps.Add(root+".dimensions", "expected at least one dimension (id: {label: ..., low: meaning of 0, high: meaning of 100}), found none")
	}
	for _, d := range c.spec.Dimensions {
		path := root + ".dimensions." + d.ID
		if !calc.IsName(d.ID) || calc.Reserved(d.ID) {
			c.ps.Add(path, "dimension id %q must be letters, digits and _ (it names the forecast in expressions: forecast.%s)", d.ID, d.ID)
		}
		if _, dup := c.dimX[d.ID]; dup {
			c.ps.Add(path, "dimension %q is defined twice", d.ID)
			continue
		}
		c.dimX[d.ID] = len(c.f.dims)
		label := d.Label
		if label == "" {
			label = d.ID
		}
		c.f.dims = append(c.f.dims, Dimension{ID: d.ID, Label: label, Doc: d.Doc, Low: d.Low, High: d.High})
	}
}

// actors reads the actors and compiles their inputs.
func (c *compiler) actors() {
	spec, ps, f := c.spec, c.ps, c.f
	least := 2
	if f.method == "smp" {
		least = smpMinActors
	}
	if len(spec.Actors) < least {
		ps.Add(root+".actors", "expected at least %d actors, found %d", least, len(spec.Actors))
	}
	before := len(*ps)
	for _, as := range spec.Actors {
		path := root + ".actors." + as.ID
		if !calc.IsName(as.ID) || calc.Reserved(as.ID) {
			ps.Add(path, "actor id %q must be letters, digits and _ (it names the actor in expressions: position.%s.DIM)", as.ID, as.ID)
		}
		if _, dup := c.actX[as.ID]; dup {
			ps.Add(path, "actor %q is defined twice", as.ID)
			continue
		}
		a := actorForm{id: as.ID, name: as.Name, doc: as.Doc, party: -1}
		if p, ok := c.env.PartyIndex[as.ID]; ok {
			a.party = p
			if a.name == "" {
				a.name = c.env.Parties[p].Name
			}
		}
		if a.name == "" {
			a.name = as.ID
		}
		c.actX[as.ID] = len(f.actors)
		if as.Capability == "" {
			ps.Add(path, "missing capability: (a number or an expression, more than 0)")
		} else {
			a.capPath = path + ".capability"
			a.capability = c.input(a.capPath, as.Capability)
		}
		a.position, a.posPath = c.perDim(path+".position", as.Position, "position")
		a.salience, a.salPath = c.perDim(path+".salience", as.Salience, "salience")
		f.actors = append(f.actors, a)
	}
	if len(*ps) == before {
		c.constants() // every input compiled
	}
}

// perDim compiles one expression per dimension, in dimension order.
func (c *compiler) perDim(path string, given []model.NamedExpr, what string) ([]*calc.Expr, []string) {
	k := len(c.f.dims)
	xs, paths := make([]*calc.Expr, k), make([]string, k)
	unknown := false // the dimension meant is likely one reported missing
	for _, ne := range given {
		d, ok := c.dimX[ne.Name]
		if !ok {
			unknown = true
			c.ps.Add(path+"."+ne.Name, "unknown dimension %q%s (have %s)", ne.Name, suggest.DidYouMean(ne.Name, c.dimIDs()), strings.Join(c.dimIDs(), ", "))
			continue
		}
		paths[d] = path + "." + ne.Name
		xs[d] = c.input(paths[d], ne.Expr)
	}
	for d, x := range xs {
		if x == nil && paths[d] == "" {
			if !unknown {
				c.ps.Add(path, "missing %s on dimension %s", what, c.f.dims[d].ID)
			}
			paths[d] = path
		}
	}
	return xs, paths
}

func (c *compiler) dimIDs() []string {
	var ids []string
	for _, d := range c.f.dims {
		ids = append(ids, d.ID)
	}
	return ids
}

// input compiles an actor's input: parameters and derived values only.
func (c *compiler) input(path, src string) *calc.Expr { return c.env.Expr(path, src) }

// parties checks that every party is an actor: a party's payoff is the
// forecast's closeness to its position.
func (c *compiler) parties() {
	f := c.f
	f.partyActor = make([]int, f.parties)
	for p := range f.partyActor {
		f.partyActor[p] = -1
	}
	for a, act := range f.actors {
		if act.party >= 0 {
			f.partyActor[act.party] = a
		}
	}
	for p, a := range f.partyActor {
		if a < 0 {
			id := c.env.Parties[p].ID
			c.ps.Add("parties."+id, "party %q is not an actor of the spatial model: add an actor %s under %s.actors (a party's payoff is how close the forecast comes to its position)", id, id, root)
		}
	}
}

// outcomes compiles the outcome rules over the forecast.
func (c *compiler) outcomes() {
	want := fmt.Sprintf("outcome: condition on the forecast, such as forecast.%s > 60; the first that holds wins", firstOr(c.dimIDs(), "DIM"))
	c.f.rules = c.env.Rules(root, c.spec.Outcomes, want, c.ruleExpr)
}

func firstOr(xs []string, def string) string {
	if len(xs) > 0 {
		return xs[0]
	}
	return def
}

// dotted finds the form's dotted names in a rule: forecast.DIM,
// forecast_mean.DIM and position.ACTOR.DIM. The expression grammar reads
// a dot as a field access, which Parley's expressions do not have, so
// the dots are replaced by $ (one character for one, so offsets in
// messages stay right): $ may appear inside a name for the grammar but in
// no parameter's name, so nothing else can clash.
var dotted = regexp.MustCompile(`\b(forecast_mean|forecast|position)\.([A-Za-z_][A-Za-z0-9_]*)(\.[A-Za-z_][A-Za-z0-9_]*)?`)

// ruleExpr compiles an outcome rule over the forecast, the rounds, the
// convergence flag, the final positions, parameters and derived values.
func (c *compiler) ruleExpr(path, src string) *calc.Expr {
	src = strings.TrimSpace(src)
	src = dotted.ReplaceAllStringFunc(src, func(m string) string { return strings.ReplaceAll(m, ".", "$") })
	x, errs := calc.Compile(src, c.lookup, c.names)
	for _, er := range errs {
		c.ps.AddAt(path, er.Offset, "%s", strings.ReplaceAll(er.Msg, "$", "."))
	}
	return x
}

// lookup resolves the form's names before parameters and derived values.
func (c *compiler) lookup(name string) (int, bool) {
	if i := slices.Index(c.f.slotNames, strings.ReplaceAll(name, "$", ".")); i >= 0 {
		return c.f.base + i, true
	}
	return c.env.Lookup(name)
}

func (c *compiler) names() []string {
	var out []string
	for _, n := range c.f.slotNames {
		out = append(out, strings.ReplaceAll(n, ".", "$"))
	}
	return append(c.env.Names(), out...)
}

// constants checks, at load time, the inputs that are the same in every
// world, so that a capability of -1 fails when the file is read.
func (c *compiler) constants() {
	f := c.f
	for _, a := range f.actors {
		if v, ok := a.capability.Constant(); ok {
			if msg := f.capabilityFault(v); msg != "" {
				c.ps.Add(a.capPath, "%s", msg)
			}
		}
		total, allConst := 0.0, true
		for d := range f.dims {
			if v, ok := a.position[d].Constant(); ok {
				if msg := positionFault(v); msg != "" {
					c.ps.Add(a.posPath[d], "%s", msg)
				}
			}
			v, ok := a.salience[d].Constant()
			allConst = allConst && ok
			total += v
			if ok {
				if msg := salienceFault(v); msg != "" {
					c.ps.Add(a.salPath[d], "%s", msg)
				}
			}
		}
		if allConst && f.method == "smp" {
			if msg := salienceTotalFault(total); msg != "" {
				c.ps.Add(root+".actors."+a.id+".salience", "%s", msg)
			}
		}
	}
}

// The domain of the inputs, shared by the load-time and per-world checks.

func (f *form) capabilityFault(v float64) string {
	if f.method == "smp" && !(v > 0 && v <= smpMaxCapability) {
		return fmt.Sprintf("capability %v is out of range: method smp needs more than 0 and at most %g", v, float64(smpMaxCapability))
	}
	if !(v >= 0) {
		return fmt.Sprintf("capability %v is out of range: expected 0 or more", v)
	}
	return ""
}

func positionFault(v float64) string {
	if !(v >= 0 && v <= 100) {
		return fmt.Sprintf("position %v is off the 0–100 scale (bound it: clamp(x, 0, 100), or a truncnormal or beta distribution)", v)
	}
	return ""
}

func salienceFault(v float64) string {
	if !(v >= 0 && v <= 100) {
		return fmt.Sprintf("salience %v is off the 0–100 scale", v)
	}
	return ""
}

func salienceTotalFault(total float64) string {
	if !(total > 0 && total <= 100) {
		return fmt.Sprintf("saliences sum to %v: method smp needs a total of more than 0 and at most 100 per actor (KTAB's rule: the total is the chance the actor resists a challenge)", total)
	}
	return ""
}
