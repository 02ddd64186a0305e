package sim

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/parley-dev/parley/sim/calc"
	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/suggest"
)

// A Scenario is a compiled, validated scenario, ready to Run. It is
// immutable: WithVariant returns a new one, sharing what did not change.
type Scenario struct {
	ID          string
	Title       string
	Source      string
	Description string
	Hash        string // content hash of the file and overrides, set by the loader
	File        string // where it was loaded from, set by the loader

	// Locate, set by the loader, gives the line and column in File of a
	// key path (0, 0 when unknown), so that errors found while running
	// can point into the file too.
	Locate func(path string) (line, col int)
	// LocateAt, set by the loader, is Locate for a character offset
	// inside the expression at path.
	LocateAt func(path string, offset int) (line, col int)

	Parties  []Party
	Params   []Param   // slots 0..len(Params)-1
	Derived  []Derived // slots after the parameters, in evaluation order
	Outcomes []Outcome
	Variants []VariantSpec
	Variant  string // the applied variant(s), "" for the baseline

	drop []bool        // demands and constraints removed by the applied variants
	ties model.TieRule // the rule for ties between best moves (ties:)

	form model.Form
}

// Param is a compiled parameter.
type Param struct {
	Name string
	Doc  string
	Spec DistSpec
	dist *dist
	key  uint64 // stream key: a hash of Name, so adding a parameter moves no other's draws
}

// Uncertain reports whether the parameter is drawn rather than fixed.
func (p Param) Uncertain() bool { return p.dist.uncertain() }

// Quantile returns the parameter's value at cumulative probability u.
func (p Param) Quantile(u float64) float64 { return p.dist.quantile(u) }

// StreamSeed is the seed of the parameter's random stream in a run seeded
// with seed: its value in iteration it is Quantile of
// model.UniformAt(StreamSeed(seed), it). Analyses that need where each
// world's value lies in its distribution recompute that draw from it
// instead of keeping the values.
func (p Param) StreamSeed(seed uint64) uint64 { return model.StreamSeed(seed, p.key) }

// Derived is a compiled derived value.
type Derived struct {
	Name string
	Doc  string
	Expr *calc.Expr
	slot int
}

// Slots returns the names of the value slots every world fills: the
// parameters, then the derived values in evaluation order.
func (s *Scenario) Slots() []string {
	var names []string
	for _, p := range s.Params {
		names = append(names, p.Name)
	}
	for _, d := range s.Derived {
		names = append(names, d.Name)
	}
	return names
}

// Metrics names the model's per-world numbers besides payoffs.
func (s *Scenario) Metrics() []string { return s.form.Metrics() }

// columns is how many numbers a world reports: payoffs, then metrics.
func (s *Scenario) columns() int { return len(s.Parties) + len(s.form.Metrics()) }

// worldSlots is the length of a world's value vector.
func (s *Scenario) worldSlots() int { return len(s.Params) + len(s.Derived) + s.form.Slots() }

// TieRule is the scenario's rule for ties between best moves (ties:).
func (s *Scenario) TieRule() model.TieRule { return s.ties }

// Form names the scenario's game form ("tree", ...).
func (s *Scenario) Form() string { return s.form.Name() }

// Tallies describes the model-specific counts a run keeps, such as the
// equilibrium paths of a tree.
func (s *Scenario) Tallies() []TallySpec { return s.form.Tallies() }

// Compile validates a spec and compiles it. On failure the error is a
// Problems listing everything found, not just the first fault.
func Compile(spec *Spec) (*Scenario, error) {
	ps := &model.Problems{}
	s := &Scenario{ID: spec.ID, Title: spec.Title, Source: spec.Source, Description: spec.Description}
	if spec.ID == "" {
		ps.Add("scenario", "expected a scenario id (a short name such as istanbul-2025), found none")
	}

	partyIdx := compileParties(spec.Parties, s, ps)

	// Names: parameters and derived values share one namespace.
	slot := map[string]int{}
	checkName := func(path, name string) bool {
		switch {
		case !calc.IsName(name):
			hint := ""
			if s := strings.NewReplacer("-", "_", " ", "_").Replace(name); s != name && calc.IsName(s) {
				hint = fmt.Sprintf("; did you mean %q?", s)
			}
			ps.Add(path, "name %q must be letters, digits and _ (not starting with a digit), so expressions can use it%s", name, hint)
		case calc.Reserved(name):
			ps.Add(path, "%q is a reserved word in expressions; choose another name", name)
		case slices.Contains(calc.FunctionNames(), name):
			ps.Add(path, "%q is the name of a function in expressions; choose another name", name)
		default:
			if _, dup := slot[name]; dup {
				ps.Add(path, "%q is already defined (parameters and derived values share one namespace)", name)
				return false
			}
			return true
		}
		return false
	}
	for _, p := range spec.Params {
		path := "parameters." + p.Name
		ok := checkName(path, p.Name)
		d := compileDist(path, p.Dist, ps)
		if !ok {
			continue
		}
		// A bad distribution (d == nil) still defines the name, so the
		// expressions that use it are not reported as well. Compile fails,
		// so the nil dist is never run.
		slot[p.Name] = len(s.Params)
		s.Params = append(s.Params, Param{Name: p.Name, Doc: p.Doc, Spec: p.Dist, dist: d, key: model.StreamKey("param", p.Name)})
	}
	s.Derived = compileDerived(spec.Derived, slot, checkName, len(s.Params), ps)

	lookup := func(name string) (int, bool) { i, ok := slot[name]; return i, ok }
	names := func() []string { return slices.Sorted(maps.Keys(slot)) }
	env := &model.Env{Lookup: lookup, Names: names, PartyIndex: partyIdx, Problems: ps, Ties: spec.Ties}
	s.ties = spec.Ties
	if !spec.Ties.IsDefault() && spec.Model.Tree == nil {
		ps.Add("ties", "a tie rule decides between a tree's tied moves, and this model has none (an issues model's solution: or a matrix model's selection: chooses its outcome)")
	}

	env.OutcomeIndex = compileOutcomes(spec.Outcomes, s, ps)
	env.Parties, env.Outcomes, env.Base = s.Parties, s.Outcomes, len(s.Params)+len(s.Derived)

	s.form = compileModel(spec.Model, env)
	s.Variants = compileVariants(spec.Variants, s, ps)
	if err := ps.Err(); err != nil {
		return nil, err
	}
	return s, nil
}

// compileParties checks the parties and returns their indices by id.
func compileParties(specs []PartySpec, s *Scenario, ps *model.Problems) map[string]int {
	partyIdx := map[string]int{}
	for _, p := range specs {
		path := "parties." + p.ID
		if !calc.IsName(p.ID) {
			ps.Add(path, "party id %q must be a name of letters, digits and _ (not starting with a digit)", p.ID)
		}
		if _, dup := partyIdx[p.ID]; dup {
			ps.Add(path, "party %q is defined twice", p.ID)
			continue
		}
		partyIdx[p.ID] = len(s.Parties)
		name := p.Name
		if name == "" {
			name = p.ID
		}
		s.Parties = append(s.Parties, Party{ID: p.ID, Name: name, Doc: p.Doc})
	}
	if len(s.Parties) == 0 {
		ps.Add("parties", "expected at least one party, found none")
	}
	return partyIdx
}

// compileOutcomes checks the outcomes and returns their indices by id.
func compileOutcomes(specs []OutcomeSpec, s *Scenario, ps *model.Problems) map[string]int {
	outcomes := map[string]int{}
	for _, o := range specs {
		path := "outcomes." + o.ID
		if !calc.IsName(o.ID) {
			ps.Add(path, "outcome id %q must be letters, digits and _", o.ID)
		}
		if _, dup := outcomes[o.ID]; dup {
			ps.Add(path, "outcome %q is defined twice", o.ID)
			continue
		}
		outcomes[o.ID] = len(s.Outcomes)
		label := o.Label
		if label == "" {
			label = o.ID
		}
		s.Outcomes = append(s.Outcomes, Outcome{ID: o.ID, Label: label, Doc: o.Doc})
	}
	if len(s.Outcomes) == 0 {
		ps.Add("outcomes", "expected at least one outcome, found none")
	}
	return outcomes
}

// compileModel compiles the one game form the spec names.
func compileModel(spec ModelSpec, env *model.Env) model.Form {
	var chosen []formChoice
	for _, f := range formsOf(spec) {
		if f.given {
			chosen = append(chosen, f)
		}
	}
	switch len(chosen) {
	case 0:
		env.Problems.Add("model", "expected a model (%s), found none", formKeys(spec))
		return nil
	case 1:
		return chosen[0].compile(env)
	}
	env.Problems.Add("model", "expected exactly one game form (%s), found %d", formKeys(spec), len(chosen))
	return nil
}

// compileVariants checks the variants now, so that a typo fails at load,
// not at run.
func compileVariants(specs []VariantSpec, s *Scenario, ps *model.Problems) []VariantSpec {
	var out []VariantSpec
	seen := map[string]bool{}
	for _, v := range specs {
		path := "variants." + v.Name
		if seen[v.Name] {
			ps.Add(path, "variant %q is defined twice", v.Name)
			continue
		}
		seen[v.Name] = true
		if len(v.Set) == 0 && len(v.Drop) == 0 {
			ps.Add(path, "variant %q changes nothing: expected set: (parameters) or drop: (demands or constraints)", v.Name)
		}
		for i, name := range v.Drop {
			b, ok := s.form.(model.Dropper)
			if !ok {
				ps.Add(path+".drop", "drop: removes demands or constraints of an issues model; this scenario has none")
				break
			}
			if b.Item(name) < 0 {
				ps.Add(fmt.Sprintf("%s.drop.%d", path, i), "no demand or constraint %q%s (have %s)", name, suggest.DidYouMean(name, b.ItemNames()), strings.Join(b.ItemNames(), ", "))
			}
		}
		for _, o := range v.Set {
			opath := path + ".set." + o.Name
			if i := slices.IndexFunc(s.Params, func(p Param) bool { return p.Name == o.Name }); i < 0 {
				if slices.ContainsFunc(s.Derived, func(d Derived) bool { return d.Name == o.Name }) {
					if o.Dist.Kind != "fixed" {
						ps.Add(opath, "a derived value can only be set to a fixed value, found a %s distribution", o.Dist.Kind)
					}
				} else {
					ps.Add(opath, "unknown parameter %q%s", o.Name, suggest.DidYouMean(o.Name, s.Slots()))
					continue
				}
			}
			compileDist(opath, o.Dist, ps)
		}
		out = append(out, v)
	}
	return out
}

// compileDerived compiles derived values and orders them so that each is
// computed after everything it reads.
func compileDerived(specs []DerivedSpec, slot map[string]int, checkName func(string, string) bool, base int, ps *model.Problems) []Derived {
	// Names first, so a derived value may read one defined below it.
	ok := make([]bool, len(specs))
	for i, d := range specs {
		if checkName("derived."+d.Name, d.Name) {
			slot[d.Name] = -1 - i // placeholder until ordered
			ok[i] = true
		}
	}
	lookup := func(name string) (int, bool) { i, found := slot[name]; return i, found }
	names := func() []string { return slices.Sorted(maps.Keys(slot)) }
	exprs := make([]*calc.Expr, len(specs))
	for i, d := range specs {
		if !ok[i] {
			continue
		}
		x, errs := calc.Compile(strings.TrimSpace(d.Expr), lookup, names)
		for _, er := range errs {
			ps.AddAt("derived."+d.Name, er.Offset, "%s", er.Msg)
		}
		exprs[i] = x
	}
	// Topological order by depth-first search; a cycle is an error.
	state := make([]int, len(specs)) // 0 new, 1 visiting, 2 done
	var order []int
	var visit func(i int, stack []string) bool
	visit = func(i int, stack []string) bool {
		switch state[i] {
		case 1:
			ps.Add("derived."+specs[i].Name, "derived values depend on each other in a cycle: %s", strings.Join(append(stack, specs[i].Name), " -> "))
			return false
		case 2:
			return true
		}
		state[i] = 1
		if exprs[i] != nil {
			for _, v := range exprs[i].Vars() {
				if v < 0 && !visit(-1-v, append(stack, specs[i].Name)) {
					state[i] = 2
					return false
				}
			}
		}
		state[i] = 2
		order = append(order, i)
		return true
	}
	for i := range specs {
		if ok[i] && exprs[i] != nil {
			visit(i, nil)
		}
	}
	// Assign real slots in evaluation order, then patch the loads that
	// pointed at placeholders.
	var out []Derived
	real := map[int]int{}
	for k, i := range order {
		real[-1-i] = base + k
		slot[specs[i].Name] = base + k
	}
	for _, i := range order {
		x := exprs[i]
		if x == nil { // its problem is reported; Compile fails
			continue
		}
		x.Relocate(real)
		out = append(out, Derived{Name: specs[i].Name, Doc: specs[i].Doc, Expr: x, slot: real[-1-i]})
	}
	return out
}

// WithVariant returns the scenario with the named variants applied in
// order (a later one wins where two set the same parameter). The baseline
// is the empty list.
func (s *Scenario) WithVariant(names ...string) (*Scenario, error) {
	if len(names) == 0 {
		return s, nil
	}
	c := *s
	c.Params = slices.Clone(s.Params)
	c.Derived = slices.Clone(s.Derived)
	c.drop = slices.Clone(s.drop)
	var applied []string
	for _, name := range names {
		i := slices.IndexFunc(s.Variants, func(v VariantSpec) bool { return v.Name == name })
		if i < 0 {
			var have []string
			for _, v := range s.Variants {
				have = append(have, v.Name)
			}
			if len(have) == 0 {
				return nil, fmt.Errorf("unknown variant %q: the scenario defines no variants", name)
			}
			return nil, fmt.Errorf("unknown variant %q%s (have %s)", name, suggest.DidYouMean(name, have), strings.Join(have, ", "))
		}
		for _, o := range s.Variants[i].Set {
			ps := &model.Problems{}
			d := compileDist("variants."+name+".set."+o.Name, o.Dist, ps)
			if err := ps.Err(); err != nil {
				return nil, err
			}
			if j := slices.IndexFunc(c.Params, func(p Param) bool { return p.Name == o.Name }); j >= 0 {
				c.Params[j].dist, c.Params[j].Spec = d, o.Dist
				continue
			}
			j := slices.IndexFunc(c.Derived, func(d Derived) bool { return d.Name == o.Name })
			x := calc.Constant(fmt.Sprint(d.a), d.a)
			c.Derived[j].Expr = x
		}
		for _, d := range s.Variants[i].Drop {
			b := s.form.(model.Dropper) // Compile checked the model
			if c.drop == nil {
				c.drop = make([]bool, len(b.ItemNames()))
			}
			c.drop[b.Item(d)] = true
		}
		applied = append(applied, name)
	}
	c.Variant = strings.Join(applied, "+")
	return &c, nil
}

// WithFixed returns the scenario with parameter name fixed at v.
func (s *Scenario) WithFixed(name string, v float64) (*Scenario, error) {
	j := slices.IndexFunc(s.Params, func(p Param) bool { return p.Name == name })
	if j < 0 {
		var names []string
		for _, p := range s.Params {
			names = append(names, p.Name)
		}
		return nil, fmt.Errorf("unknown parameter %q%s (have %s)", name, suggest.DidYouMean(name, names), strings.Join(names, ", "))
	}
	c := *s
	c.Params = slices.Clone(s.Params)
	spec := Fixed(v)
	c.Params[j].Spec, c.Params[j].dist = spec, &dist{kind: "fixed", code: codeFixed, a: v}
	c.Variant = strings.TrimPrefix(s.Variant+fmt.Sprintf("+%s=%g", name, v), "+")
	return &c, nil
}
