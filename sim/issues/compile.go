package issues

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/parley-dev/parley/sim/calc"
	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/suggest"
)

// issuesRoot is the key path of an issues model.
const issuesRoot = "model.issues"

// issuesCompiler holds what compiling an issues model shares across its
// phases: the names defined so far and the problems found.
type issuesCompiler struct {
	spec *IssuesSpec
	env  *model.Env
	base int
	ps   *model.Problems
	b    *bargain

	isNeg    []bool          // the party negotiates here
	issueIdx map[string]int  // issue name → index in b.issues
	clash    map[string]bool // issues named like a parameter: expressions read the parameter
	count    float64         // packages in the package space
	sizes    []string        // each issue's name and number of options
}

// Compile compiles a bargaining model, recording its problems in env.
func Compile(spec *IssuesSpec, env *model.Env) model.Form {
	base := env.Base
	b := &bargain{parties: len(env.Parties), base: base, solution: SolutionNash, noDeal: -1}
	for _, p := range env.Parties {
		b.partyIDs = append(b.partyIDs, p.ID)
	}
	c := &issuesCompiler{spec: spec, env: env, base: base, ps: env.Problems, b: b}
	c.negotiators()
	if !c.issues() {
		return b
	}
	b.enumerate()
	c.utilities()
	c.batnaAndPower()
	// Demands and constraints share one namespace: variants drop them by name.
	names := map[string]bool{}
	c.demands(names)
	c.constraints(names)
	c.outcomes()
	c.blockers()
	if n := b.nItems(); n > 64 {
		env.Problems.Add("model.issues", "at most 64 demands and constraints together, found %d", n)
	}
	return b
}

// negotiators reads the parties that negotiate.
func (c *issuesCompiler) negotiators() {
	spec, env, ps, b := c.spec, c.env, c.ps, c.b
	c.isNeg = make([]bool, len(c.env.Parties))
	if len(spec.Parties) == 0 {
		for i := range c.env.Parties {
			b.negotiators = append(b.negotiators, i)
			c.isNeg[i] = true
		}
	}
	unknownParty := false
	for n, id := range spec.Parties {
		i, ok := env.PartyIndex[id]
		switch {
		case !ok:
			ps.Add(fmt.Sprintf("%s.parties.%d", issuesRoot, n), "unknown party %q%s (have %s)", id, suggest.DidYouMean(id, env.PartyNames()), strings.Join(env.PartyNames(), ", "))
			unknownParty = true
		case c.isNeg[i]:
			ps.Add(fmt.Sprintf("%s.parties.%d", issuesRoot, n), "party %q is listed twice", id)
		default:
			b.negotiators = append(b.negotiators, i)
			c.isNeg[i] = true
		}
	}
	if len(b.negotiators) < 2 && len(spec.Parties) > 0 && !unknownParty {
		ps.Add(issuesRoot+".parties", "a negotiation needs at least two parties, found %d", len(b.negotiators))
	}
}

// issues reads the issues and sizes the package space. It reports false
// when the space is too large to list.
func (c *issuesCompiler) issues() bool {
	spec, ps := c.spec, c.ps
	maxK := spec.MaxPackages
	if maxK <= 0 {
		maxK = defaultMaxPackages
	}
	if maxK > maxMaxPackages {
		ps.Add(issuesRoot+".max_packages", "max_packages may be at most %d (each package is held in memory in every worker), found %d", maxMaxPackages, maxK)
		maxK = maxMaxPackages
	}
	c.issueIdx = map[string]int{}
	c.clash = map[string]bool{}
	c.count = 1.0
	for _, is := range spec.Issues {
		if it, ok := c.issue(is, maxK); ok {
			c.define(it)
		}
	}
	if len(spec.Issues) == 0 {
		ps.Add(issuesRoot, "expected issues: (at least one issue with its options), found none")
	}
	if c.count > float64(maxK) {
		ps.Add(issuesRoot+".issues", "the package space has %.0f packages (%s), more than the %d that can be scored in every world: merge options, use fewer steps, fix an issue in a parameter, or split the negotiation",
			c.count, strings.Join(c.sizes, " × "), maxK)
		return false
	}
	return true
}

// define adds an issue to the model and the package space.
func (c *issuesCompiler) define(it issue) {
	c.issueIdx[it.name] = len(c.b.issues)
	c.b.issues = append(c.b.issues, it)
	c.count *= float64(len(it.options))
	c.sizes = append(c.sizes, fmt.Sprintf("%s %d", it.name, len(it.options)))
}

// reject defines a rejected issue's name, with its options if it lists
// any, so that the utilities and expressions that use it are not reported
// as well. Compile fails, so it is never run.
func (c *issuesCompiler) reject(is IssueSpec) {
	if _, dup := c.issueIdx[is.Name]; dup {
		return
	}
	it := issue{name: is.Name, options: is.Options}
	if len(it.options) == 0 {
		it.options = []string{"?"}
	}
	it.values = make([]float64, len(it.options))
	c.define(it)
}

// issue reads one issue. It reports false when the issue is not to be
// defined (again): it was rejected, is a duplicate, or has too many steps
// to list.
func (c *issuesCompiler) issue(is IssueSpec, maxK int) (issue, bool) {
	ps := c.ps
	path := issuesRoot + ".issues." + is.Name
	if !calc.IsName(is.Name) || calc.Reserved(is.Name) {
		hint := ""
		if r := strings.NewReplacer("-", "_", " ", "_").Replace(is.Name); r != is.Name && calc.IsName(r) {
			hint = fmt.Sprintf("; did you mean %q?", r)
		}
		ps.Add(path, "issue name %q must be letters, digits and _ and not an expression keyword%s", is.Name, hint)
		c.reject(is)
		return issue{}, false
	}
	if _, ok := c.env.Lookup(is.Name); ok {
		ps.Add(path, "issue %q has the name of a parameter or derived value; names share one namespace, so rename one of them", is.Name)
		c.clash[is.Name] = true
		c.reject(is)
		return issue{}, false
	}
	if _, dup := c.issueIdx[is.Name]; dup {
		ps.Add(path, "issue %q is defined twice", is.Name)
		return issue{}, false
	}
	it := issue{name: is.Name}
	switch {
	case len(is.Options) > 0 && len(is.Range) > 0:
		ps.Add(path, "an issue has options: or range: (with steps:), found both")
		c.reject(is)
		return issue{}, false
	case len(is.Options) > 0:
		seen := map[string]bool{}
		for i, o := range is.Options {
			if seen[o] {
				ps.Add(fmt.Sprintf("%s.options.%d", path, i), "option %q is listed twice", o)
			}
			seen[o] = true
			it.options = append(it.options, o)
			it.values = append(it.values, float64(i))
		}
	case len(is.Range) > 0:
		return c.rangeIssue(is, it, path, maxK)
	default:
		ps.Add(path, "an issue needs options: (a list of names) or range: [from, to] with steps:")
		c.reject(is)
		return issue{}, false
	}
	return it, true
}

// rangeIssue reads the points of an issue given by range: and steps:.
func (c *issuesCompiler) rangeIssue(is IssueSpec, it issue, path string, maxK int) (issue, bool) {
	ps := c.ps
	if len(is.Range) != 2 || !(is.Range[0] < is.Range[1]) {
		var nums []string
		for _, v := range is.Range {
			nums = append(nums, strconv.FormatFloat(v, 'g', -1, 64))
		}
		ps.Add(path+".range", "expected [from, to] with from < to, found [%s]", strings.Join(nums, ", "))
		c.reject(is)
		return issue{}, false
	}
	if is.Steps < 2 {
		found := "none"
		if is.Steps != 0 {
			found = strconv.Itoa(is.Steps)
		}
		ps.Add(path, "a range issue needs steps: (the number of points, at least 2), found %s", found)
		c.reject(is)
		return issue{}, false
	}
	if is.Steps > maxK { // too many to list: the package space is reported too large below
		c.count *= float64(is.Steps)
		c.sizes = append(c.sizes, fmt.Sprintf("%s %d", is.Name, is.Steps))
		return issue{}, false
	}
	for i := range is.Steps {
		v := is.Range[0] + (is.Range[1]-is.Range[0])*float64(i)/float64(is.Steps-1)
		it.options = append(it.options, strconv.FormatFloat(v, 'g', 6, 64))
		it.values = append(it.values, v)
	}
	return it, true
}

// Expressions may read the issues.

func (c *issuesCompiler) lookup(name string) (int, bool) {
	if i, ok := c.issueIdx[name]; ok && !c.clash[name] {
		return c.base + i, true
	}
	return c.env.Lookup(name)
}

func (c *issuesCompiler) names() []string {
	n := c.env.Names()
	for _, is := range c.b.issues {
		n = append(n, is.name)
	}
	slices.Sort(n)
	return n
}

func (c *issuesCompiler) enum(name string) ([]string, bool) {
	if i, ok := c.issueIdx[name]; ok && !c.clash[name] && len(c.spec.Issues[specIndex(c.spec, name)].Options) > 0 {
		return c.b.issues[i].options, true
	}
	return nil, false
}

func (c *issuesCompiler) compile(path, src string) *calc.Expr {
	x, errs := calc.CompileEnum(strings.TrimSpace(src), c.lookup, c.names, c.enum)
	for _, er := range errs {
		c.ps.AddAt(path, er.Offset, "%s", er.Msg)
	}
	return x
}

// pkgExpr compiles an expression of the package, tabulated over the
// package space.
func (c *issuesCompiler) pkgExpr(path, src string) *model.CaseExpr {
	x := c.compile(path, src)
	if x == nil {
		return nil
	}
	pe := c.b.tabulate(x)
	pe.Path = path
	return pe
}

// worldExpr compiles an expression that may not read the package.
func (c *issuesCompiler) worldExpr(path, src string) *calc.Expr {
	x := c.compile(path, src)
	if x == nil {
		return nil
	}
	for _, v := range x.Vars() {
		if v >= c.base {
			c.ps.AddAt(path, 0, "this value cannot depend on the package, found a read of issue %s (values, weights, batna, power, firm and unless may use parameters and derived values only; a utility written as one expression can combine issues)", c.b.issues[v-c.base].name)
			return nil
		}
	}
	return x
}

// negotiator finds a party that negotiates here.
func (c *issuesCompiler) negotiator(path, id string) (int, bool) {
	env := c.env
	i, ok := env.PartyIndex[id]
	if !ok {
		c.ps.Add(path, "unknown party %q%s (have %s)", id, suggest.DidYouMean(id, env.PartyNames()), strings.Join(env.PartyNames(), ", "))
		return 0, false
	}
	if !c.isNeg[i] {
		c.ps.Add(path, "party %q does not negotiate here (negotiators: %s)", id, strings.Join(c.b.negotiatorIDs(), ", "))
		return 0, false
	}
	return i, true
}

// utilities reads each party's utility.
func (c *issuesCompiler) utilities() {
	env, ps, b := c.env, c.ps, c.b
	b.utility = make([]partyUtility, len(c.env.Parties))
	unknownUtility := false
	for _, u := range c.spec.Utility {
		path := issuesRoot + ".utility." + u.Party
		i, ok := env.PartyIndex[u.Party]
		if !ok {
			ps.Add(path, "unknown party %q%s (have %s)", u.Party, suggest.DidYouMean(u.Party, env.PartyNames()), strings.Join(env.PartyNames(), ", "))
			unknownUtility = true // the party meant is likely one reported missing
			continue
		}
		c.utility(&b.utility[i], u, path)
	}
	for _, p := range b.negotiators {
		if !b.utility[p].set && !unknownUtility {
			ps.Add(issuesRoot+".utility", "missing utility for negotiating party %s", b.partyIDs[p])
		}
	}
}

// utility reads one party's utility: an expression, or weights and values.
func (c *issuesCompiler) utility(pu *partyUtility, u UtilitySpec, path string) {
	ps, b := c.ps, c.b
	pu.set = true
	if u.Expr != "" {
		if len(u.Values) > 0 || len(u.Weights) > 0 {
			ps.Add(path, "a utility is an expression or weights: and values:, found both")
		}
		pu.expr = c.pkgExpr(path, u.Expr)
		return
	}
	pu.weights = make([]*calc.Expr, len(b.issues))
	pu.values = make([][]*calc.Expr, len(b.issues))
	pu.rangeV = make([]*model.CaseExpr, len(b.issues))
	for _, w := range u.Weights {
		j, ok := c.issueIdx[w.Name]
		if !ok {
			ps.Add(path+".weights."+w.Name, "unknown issue %q%s", w.Name, suggest.DidYouMean(w.Name, b.issueNames()))
			continue
		}
		pu.weights[j] = c.worldExpr(path+".weights."+w.Name, w.Expr)
	}
	if len(u.Values) == 0 {
		ps.Add(path, "expected values: (per issue, a value for each option) or an expression, found neither")
	}
	for _, iv := range u.Values {
		vpath := path + ".values." + iv.Issue
		j, ok := c.issueIdx[iv.Issue]
		if !ok {
			ps.Add(vpath, "unknown issue %q%s", iv.Issue, suggest.DidYouMean(iv.Issue, b.issueNames()))
			continue
		}
		if iv.Expr != "" {
			pu.rangeV[j] = c.pkgExpr(vpath, iv.Expr)
			continue
		}
		pu.values[j] = c.optionValues(iv, j, vpath)
	}
}

// optionValues reads a party's value for each option of issue j.
func (c *issuesCompiler) optionValues(iv IssueValues, j int, vpath string) []*calc.Expr {
	ps, b := c.ps, c.b
	values := make([]*calc.Expr, len(b.issues[j].options))
	given := map[string]bool{}
	unknown := false
	for _, o := range iv.Options {
		k := slices.Index(b.issues[j].options, o.Name)
		if k < 0 {
			ps.Add(vpath+"."+o.Name, "issue %s has no option %q%s (have %s)", iv.Issue, o.Name, suggest.DidYouMean(o.Name, b.issues[j].options), strings.Join(b.issues[j].options, ", "))
			unknown = true // the option meant is likely one missing below
			continue
		}
		given[o.Name] = true
		values[k] = c.worldExpr(vpath+"."+o.Name, o.Expr)
	}
	var missing []string
	for _, o := range b.issues[j].options {
		if !given[o] {
			missing = append(missing, o)
		}
	}
	if len(missing) > 0 && len(given) > 0 && !unknown {
		ps.Add(vpath, "missing a value for option %s of %s: give every option a value (0 is fine)", strings.Join(missing, ", "), iv.Issue)
	}
	return values
}

// batnaAndPower reads the walk-away values, the bargaining powers and the
// solution.
func (c *issuesCompiler) batnaAndPower() {
	spec, env, ps, b := c.spec, c.env, c.ps, c.b
	b.batna = make([]*calc.Expr, len(c.env.Parties))
	unknownBATNA := false
	for _, bs := range spec.BATNA {
		if i, ok := env.PartyIndex[bs.Party]; ok {
			b.batna[i] = c.worldExpr(issuesRoot+".batna."+bs.Party, bs.Expr)
		} else {
			ps.Add(issuesRoot+".batna."+bs.Party, "unknown party %q%s (have %s)", bs.Party, suggest.DidYouMean(bs.Party, env.PartyNames()), strings.Join(env.PartyNames(), ", "))
			unknownBATNA = true
		}
	}
	for _, p := range b.negotiators {
		if b.batna[p] == nil && !unknownBATNA && !slices.ContainsFunc(spec.BATNA, func(x model.PayoffSpec) bool { return x.Party == b.partyIDs[p] }) {
			ps.Add(issuesRoot+".batna", "missing batna (walk-away value) for negotiating party %s", b.partyIDs[p])
		}
	}
	b.power = make([]*calc.Expr, len(c.env.Parties))
	for _, pw := range spec.Power {
		path := issuesRoot + ".power." + pw.Party
		if i, ok := c.negotiator(path, pw.Party); ok {
			b.power[i] = c.worldExpr(path, pw.Expr)
			if b.power[i] != nil {
				if v, isConst := b.power[i].Constant(); isConst && !(v > 0) {
					ps.Add(path, "bargaining power must be > 0, found %v", v)
				}
			}
		}
	}
	if spec.Solution != "" {
		if !slices.Contains(Solutions(), spec.Solution) {
			ps.Add(issuesRoot+".solution", "unknown solution %q%s (have %s)", spec.Solution, suggest.DidYouMean(spec.Solution, Solutions()), strings.Join(Solutions(), ", "))
		}
		b.solution = spec.Solution
	}
}

// demands reads the demands; names holds the names of the demands and
// constraints read so far.
func (c *issuesCompiler) demands(names map[string]bool) {
	ps, b := c.ps, c.b
	for _, d := range c.spec.Demands {
		path := issuesRoot + ".demands." + d.Name
		if names[d.Name] {
			ps.Add(path, "%q is already the name of a demand or constraint", d.Name)
			continue
		}
		names[d.Name] = true
		dm := demand{name: d.Name, reason: d.Reason, key: model.StreamKey("demand", d.Name)}
		if d.Party == "" {
			ps.Add(path, "a demand needs party: (the negotiator who makes it), found none")
		} else if i, ok := c.negotiator(path+".party", d.Party); ok {
			dm.party = i
		}
		if d.Require == "" {
			ps.Add(path, "a demand needs require: (the condition on the package), found none")
		} else {
			dm.require = c.pkgExpr(path+".require", d.Require)
		}
		firm := d.Firm
		if firm == "" {
			firm = "1"
		}
		dm.firm = c.worldExpr(path+".firm", firm)
		if dm.firm != nil {
			if v, isConst := dm.firm.Constant(); isConst && (v < 0 || v > 1) {
				hint := ""
				if v > 1 && v <= 100 {
					hint = fmt.Sprintf(" (for %v%% write %v)", v, v/100)
				}
				ps.Add(path+".firm", "firm is a probability in [0, 1], found %v%s", v, hint)
			}
		}
		b.demands = append(b.demands, dm)
	}
}

// constraints reads the constraints; names holds the names of the demands
// and constraints read so far.
func (c *issuesCompiler) constraints(names map[string]bool) {
	env, ps, b := c.env, c.ps, c.b
	for _, cs := range c.spec.Constraints {
		path := issuesRoot + ".constraints." + cs.Name
		if names[cs.Name] {
			ps.Add(path, "%q is already the name of a demand or constraint", cs.Name)
			continue
		}
		names[cs.Name] = true
		ct := constraint{name: cs.Name, reason: cs.Reason, imposedBy: cs.ImposedBy}
		if cs.Party == "" {
			ps.Add(path, "a constraint needs party: (the negotiator it binds), found none")
		} else if i, ok := c.negotiator(path+".party", cs.Party); ok {
			ct.party = i
		}
		if cs.ImposedBy != "" {
			if _, ok := env.PartyIndex[cs.ImposedBy]; !ok {
				ps.Add(path+".imposed_by", "unknown party %q%s (have %s)", cs.ImposedBy, suggest.DidYouMean(cs.ImposedBy, env.PartyNames()), strings.Join(env.PartyNames(), ", "))
			}
		}
		c.constraintKind(&ct, cs, path)
		b.constraints = append(b.constraints, ct)
	}
}

// constraintKind reads whether a constraint is hard or soft, and its
// conditions.
func (c *issuesCompiler) constraintKind(ct *constraint, cs ConstraintSpec, path string) {
	ps := c.ps
	switch {
	case cs.Forbid != "" && (cs.When != "" || cs.Cost != ""):
		ps.Add(path, "a constraint is hard (forbid:, optionally unless:) or soft (when: and cost:), found keys of both")
	case cs.Forbid != "":
		ct.hard = true
		ct.forbid = c.pkgExpr(path+".forbid", cs.Forbid)
		if cs.Unless != "" {
			ct.unless = c.worldExpr(path+".unless", cs.Unless)
		}
	case cs.When != "" && cs.Cost != "":
		if cs.Unless != "" {
			ps.Add(path+".unless", "unless: lifts hard constraints (forbid:) only; in a soft constraint make the cost 0 when the condition holds instead, as in cost: breach_cost * (1 - us_pauses)")
		}
		ct.when = c.pkgExpr(path+".when", cs.When)
		ct.cost = c.pkgExpr(path+".cost", cs.Cost)
	default:
		found := "neither"
		switch {
		case cs.When != "":
			found = "when: without cost:"
		case cs.Cost != "":
			found = "cost: without when:"
		}
		ps.Add(path, "a constraint needs forbid: (hard) or when: and cost: (soft), found %s", found)
	}
}

// outcomes reads the deal rules and the no-deal outcome.
func (c *issuesCompiler) outcomes() {
	spec, env, ps, b := c.spec, c.env, c.ps, c.b
	used := make([]bool, len(env.Outcomes))
	broken := false // the outcome meant may be one that would be reported unused
	outcome := func(path, id string) int {
		if o, ok := env.OutcomeIndex[id]; ok {
			used[o] = true
			return o
		}
		ps.Add(path, "undefined outcome %q%s (define it under outcomes:)", id, suggest.DidYouMean(id, env.OutcomeNames()))
		broken = true
		return -1
	}
	if len(spec.Deal) == 0 {
		ps.Add(issuesRoot, "expected deal: (the outcome of an agreement, or outcome: condition rules), found none")
		broken = true
	}
	for _, r := range spec.Deal {
		path := issuesRoot + ".deal"
		if len(spec.Deal) > 1 || r.If != "" {
			path += "." + r.Outcome
		}
		dr := model.Rule{Outcome: outcome(path, r.Outcome)}
		if r.If != "" {
			dr.Cond = c.pkgExpr(path, r.If)
		}
		b.rules = append(b.rules, dr)
	}
	if spec.NoDeal == "" {
		ps.Add(issuesRoot, "expected no_deal: (the outcome when no package is agreed), found none")
		broken = true
	} else {
		b.noDeal = outcome(issuesRoot+".no_deal", spec.NoDeal)
	}
	for i, u := range used {
		if !u && !broken {
			ps.Add("outcomes."+env.Outcomes[i].ID, "outcome %q is never reached: neither deal: nor no_deal: names it", env.Outcomes[i].ID)
		}
	}
}

// blockers labels the tally rows of what blocked a deal.
func (c *issuesCompiler) blockers() {
	b := c.b
	for _, d := range b.demands {
		b.blockers = append(b.blockers, "demand "+d.name+" ("+b.partyIDs[d.party]+")")
	}
	for _, ct := range b.constraints {
		kind := "soft"
		if ct.hard {
			kind = "hard"
		}
		label := kind + " constraint " + ct.name + " (" + b.partyIDs[ct.party]
		if ct.imposedBy != "" {
			label += ", imposed by " + ct.imposedBy
		}
		b.blockers = append(b.blockers, label+")")
	}
	b.blockers = append(b.blockers, "no ZOPA: no package beats every walk-away value", "only several demands/constraints together")
}
