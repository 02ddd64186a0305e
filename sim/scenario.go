package sim

import (
	"fmt"
	"hash/fnv"
	"maps"
	"regexp"
	"slices"
	"strings"

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

	drop []bool // demands and constraints removed by the applied variants

	model model
}

// Party is a compiled party.
type Party struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Doc  string `json:"doc,omitempty"`
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

// Derived is a compiled derived value.
type Derived struct {
	Name string
	Doc  string
	Expr *Expr
	slot int
}

// Outcome is a compiled outcome class.
type Outcome struct {
	ID    string `json:"id"`
	Label string `json:"label"`
	Doc   string `json:"doc,omitempty"`
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
func (s *Scenario) Metrics() []string { return s.model.metrics() }

// columns is how many numbers a world reports: payoffs, then metrics.
func (s *Scenario) columns() int { return len(s.Parties) + len(s.model.metrics()) }

// worldSlots is the length of a world's value vector.
func (s *Scenario) worldSlots() int { return len(s.Params) + len(s.Derived) + s.model.slots() }

// Form names the scenario's game form ("tree", ...).
func (s *Scenario) Form() string { return s.model.form() }

// Tallies describes the model-specific counts a run keeps, such as the
// equilibrium paths of a tree.
func (s *Scenario) Tallies() []TallySpec { return s.model.tallies() }

// streamKey hashes a name into a random-stream key.
func streamKey(kind, name string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(kind))
	h.Write([]byte{0})
	h.Write([]byte(name))
	return h.Sum64()
}

var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// reserved are words the expression grammar gives a meaning of its own.
var reserved = []string{"true", "false", "nil", "and", "or", "not", "in", "matches", "contains",
	"startsWith", "endsWith", "let", "if", "else"}

// Compile validates a spec and compiles it. On failure the error is a
// Problems listing everything found, not just the first fault.
func Compile(spec *Spec) (*Scenario, error) {
	ps := &problems{}
	s := &Scenario{ID: spec.ID, Title: spec.Title, Source: spec.Source, Description: spec.Description}
	if spec.ID == "" {
		ps.add("scenario", "expected a scenario id (a short name such as istanbul-2025), found none")
	}

	partyIdx := compileParties(spec.Parties, s, ps)

	// Names: parameters and derived values share one namespace.
	slot := map[string]int{}
	checkName := func(path, name string) bool {
		switch {
		case !identRE.MatchString(name):
			hint := ""
			if s := strings.NewReplacer("-", "_", " ", "_").Replace(name); s != name && identRE.MatchString(s) {
				hint = fmt.Sprintf("; did you mean %q?", s)
			}
			ps.add(path, "name %q must be letters, digits and _ (not starting with a digit), so expressions can use it%s", name, hint)
		case slices.Contains(reserved, name):
			ps.add(path, "%q is a reserved word in expressions; choose another name", name)
		case slices.Contains(FunctionNames(), name):
			ps.add(path, "%q is the name of a function in expressions; choose another name", name)
		default:
			if _, dup := slot[name]; dup {
				ps.add(path, "%q is already defined (parameters and derived values share one namespace)", name)
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
		s.Params = append(s.Params, Param{Name: p.Name, Doc: p.Doc, Spec: p.Dist, dist: d, key: streamKey("param", p.Name)})
	}
	s.Derived = compileDerived(spec.Derived, slot, checkName, len(s.Params), ps)

	lookup := func(name string) (int, bool) { i, ok := slot[name]; return i, ok }
	names := func() []string { return slices.Sorted(maps.Keys(slot)) }
	env := &compileEnv{lookup: lookup, names: names, parties: partyIdx, ps: ps}

	env.outcomes = compileOutcomes(spec.Outcomes, s, ps)

	s.model = compileModel(spec.Model, env, s, ps)
	s.Variants = compileVariants(spec.Variants, s, ps)
	if err := ps.err(); err != nil {
		return nil, err
	}
	return s, nil
}

// compileParties checks the parties and returns their indices by id.
func compileParties(specs []PartySpec, s *Scenario, ps *problems) map[string]int {
	partyIdx := map[string]int{}
	for _, p := range specs {
		path := "parties." + p.ID
		if !identRE.MatchString(p.ID) {
			ps.add(path, "party id %q must be a name of letters, digits and _ (not starting with a digit)", p.ID)
		}
		if _, dup := partyIdx[p.ID]; dup {
			ps.add(path, "party %q is defined twice", p.ID)
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
		ps.add("parties", "expected at least one party, found none")
	}
	return partyIdx
}

// compileOutcomes checks the outcomes and returns their indices by id.
func compileOutcomes(specs []OutcomeSpec, s *Scenario, ps *problems) map[string]int {
	outcomes := map[string]int{}
	for _, o := range specs {
		path := "outcomes." + o.ID
		if !identRE.MatchString(o.ID) {
			ps.add(path, "outcome id %q must be letters, digits and _", o.ID)
		}
		if _, dup := outcomes[o.ID]; dup {
			ps.add(path, "outcome %q is defined twice", o.ID)
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
		ps.add("outcomes", "expected at least one outcome, found none")
	}
	return outcomes
}

// compileModel compiles the one game form the spec names.
func compileModel(spec ModelSpec, env *compileEnv, s *Scenario, ps *problems) model {
	switch {
	case countForms(spec) > 1:
		ps.add("model", "expected exactly one game form (tree, issues or matrix), found %d", countForms(spec))
	case spec.Matrix != nil:
		return compileMatrix(spec.Matrix, env, s, len(s.Params)+len(s.Derived))
	case spec.Tree != nil:
		return compileTree(spec.Tree, env, s)
	case spec.Issues != nil:
		b := compileIssues(spec.Issues, env, s, len(s.Params)+len(s.Derived))
		if n := b.nItems(); n > 64 {
			ps.add("model.issues", "at most 64 demands and constraints together, found %d", n)
		}
		return b
	default:
		ps.add("model", "expected a model (tree, issues or matrix), found none")
	}
	return nil
}

// compileVariants checks the variants now, so that a typo fails at load,
// not at run.
func compileVariants(specs []VariantSpec, s *Scenario, ps *problems) []VariantSpec {
	var out []VariantSpec
	seen := map[string]bool{}
	for _, v := range specs {
		path := "variants." + v.Name
		if seen[v.Name] {
			ps.add(path, "variant %q is defined twice", v.Name)
			continue
		}
		seen[v.Name] = true
		if len(v.Set) == 0 && len(v.Drop) == 0 {
			ps.add(path, "variant %q changes nothing: expected set: (parameters) or drop: (demands or constraints)", v.Name)
		}
		for i, name := range v.Drop {
			b, ok := s.model.(dropper)
			if !ok {
				ps.add(path+".drop", "drop: removes demands or constraints of an issues model; this scenario has none")
				break
			}
			if b.item(name) < 0 {
				ps.add(fmt.Sprintf("%s.drop.%d", path, i), "no demand or constraint %q%s (have %s)", name, suggest.DidYouMean(name, b.itemNames()), strings.Join(b.itemNames(), ", "))
			}
		}
		for _, o := range v.Set {
			opath := path + ".set." + o.Name
			if i := slices.IndexFunc(s.Params, func(p Param) bool { return p.Name == o.Name }); i < 0 {
				if slices.ContainsFunc(s.Derived, func(d Derived) bool { return d.Name == o.Name }) {
					if o.Dist.Kind != "fixed" {
						ps.add(opath, "a derived value can only be set to a fixed value, found a %s distribution", o.Dist.Kind)
					}
				} else {
					ps.add(opath, "unknown parameter %q%s", o.Name, suggest.DidYouMean(o.Name, s.Slots()))
					continue
				}
			}
			compileDist(opath, o.Dist, ps)
		}
		out = append(out, v)
	}
	return out
}

// compileEnv carries what node compilers need to resolve names.
type compileEnv struct {
	lookup   func(string) (int, bool)
	names    func() []string
	parties  map[string]int
	outcomes map[string]int
	ps       *problems
}

// expr compiles an expression found at path, recording problems there.
func (e *compileEnv) expr(path, src string) *Expr {
	x, errs := compileExpr(strings.TrimSpace(src), e.lookup, e.names)
	for _, er := range errs {
		e.ps.addAt(path, er.offset, "%s", er.msg)
	}
	return x
}

func (e *compileEnv) partyNames() []string { return slices.Sorted(maps.Keys(e.parties)) }

func (e *compileEnv) outcomeNames() []string { return slices.Sorted(maps.Keys(e.outcomes)) }

// compileDerived compiles derived values and orders them so that each is
// computed after everything it reads.
func compileDerived(specs []DerivedSpec, slot map[string]int, checkName func(string, string) bool, base int, ps *problems) []Derived {
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
	exprs := make([]*Expr, len(specs))
	for i, d := range specs {
		if !ok[i] {
			continue
		}
		x, errs := compileExpr(strings.TrimSpace(d.Expr), lookup, names)
		for _, er := range errs {
			ps.addAt("derived."+d.Name, er.offset, "%s", er.msg)
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
			ps.add("derived."+specs[i].Name, "derived values depend on each other in a cycle: %s", strings.Join(append(stack, specs[i].Name), " -> "))
			return false
		case 2:
			return true
		}
		state[i] = 1
		if exprs[i] != nil {
			for _, v := range exprs[i].vars {
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
		for j := range x.code {
			if x.code[j].op == opLoad && x.code[j].arg < 0 {
				x.code[j].arg = int32(real[int(x.code[j].arg)])
			}
		}
		for j, v := range x.vars {
			if v < 0 {
				x.vars[j] = real[v]
			}
		}
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
			ps := &problems{}
			d := compileDist("variants."+name+".set."+o.Name, o.Dist, ps)
			if err := ps.err(); err != nil {
				return nil, err
			}
			if j := slices.IndexFunc(c.Params, func(p Param) bool { return p.Name == o.Name }); j >= 0 {
				c.Params[j].dist, c.Params[j].Spec = d, o.Dist
				continue
			}
			j := slices.IndexFunc(c.Derived, func(d Derived) bool { return d.Name == o.Name })
			x := &Expr{Src: fmt.Sprint(d.a), konst: d.a}
			c.Derived[j].Expr = x
		}
		for _, d := range s.Variants[i].Drop {
			b := s.model.(dropper) // Compile checked the model
			if c.drop == nil {
				c.drop = make([]bool, b.nItems())
			}
			c.drop[b.item(d)] = true
		}
		applied = append(applied, name)
	}
	c.Variant = strings.Join(applied, "+")
	return &c, nil
}

func countForms(m ModelSpec) int {
	n := 0
	for _, set := range []bool{m.Tree != nil, m.Issues != nil, m.Matrix != nil} {
		if set {
			n++
		}
	}
	return n
}
