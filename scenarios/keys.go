package scenarios

import (
	"github.com/parley-dev/parley/sim/issues"
	"github.com/parley-dev/parley/sim/matrix"
	"github.com/parley-dev/parley/sim/spatial"
)

// The definitions of the scenario format's mappings: which keys each
// takes, what each key holds and what it means. The decoder checks keys
// against them (keys) and the JSON Schema is generated from them
// (schema.go), so a key added here is known to both, and a key added to
// neither is unknown to both.

// A shape is the kind of value a key or entry holds.
type shape int

const (
	shText     shape = iota // one line of text
	shFreeText              // text that may span lines (doc:, reason: ...)
	shName                  // a name: letters, digits and _
	shID                    // the scenario id
	shNames                 // a name or a list of names
	shNumbers               // a list of numbers
	shCount                 // a whole number, at least def.least
	shFormat                // the format version, 1
	shExpr                  // an expression: a number or a formula
	shRule                  // an outcome rule: an expression, or true for always
	shEnum                  // one of def.enum
	shNull                  // nothing (an empty entry)
	shBool                  // true or false
	shParam                 // a number or a distribution, with doc:
	shSetParam              // a number or a distribution, as a variant sets it
	shObject                // a mapping with the keys in def.fields
	shMap                   // a mapping of names (when def.named) to def.elem
	shList                  // a list of def.elem
	shAnyOf                 // any one of def.alts
	shRef                   // the definition named def.name (for recursion)
)

// A def says what a value holds.
type def struct {
	shape shape
	doc   string
	name  string   // shObject, shRef: its name among the schema's definitions
	enum  []string // shEnum
	least int      // shCount: the smallest; shMap, shList: fewest entries
	most  int      // shMap, shList: most entries (0: no limit)
	named bool     // shMap: the keys are names, as for parties or choices
	// values marks a map whose keys share the namespace of expressions
	// (parameters, derived values, issues): no function name may be one.
	values bool
	unique bool // shList, shNames: no item twice
	// bounds are JSON Schema keywords a number here must meet (minimum,
	// maximum ...): bounds sim checks, restated for editors;
	// schema_bounds_test.go checks that both draw the line at one place.
	bounds map[string]any

	fields []field // shObject
	// forms, when set, are the alternative kinds of an object: it must
	// be exactly one of them, as a tree node is a decision, a chance
	// event or an end.
	forms []form
	some  []string // shObject: at least one of these keys, not empty
	elem  *def     // shMap, shList
	alts  []*def   // shAnyOf
}

// A field is one key of a mapping.
type field struct {
	key      string
	def      *def
	required bool
	doc      string // what the key means here, if more than its def says
}

// A form is one kind of an object with forms: the keys it must have,
// and the keys it may have besides them and the object's common keys
// (those no form claims).
type form struct {
	name     string
	keys     []string
	optional []string
}

// keys lists the keys of an object, in the order the format documents.
func (d *def) keys() []string {
	out := make([]string, len(d.fields))
	for i, f := range d.fields {
		out[i] = f.key
	}
	return out
}

func textDef(doc string) *def     { return &def{shape: shText, doc: doc} }
func freeTextDef(doc string) *def { return &def{shape: shFreeText, doc: doc} }
func nameDef(doc string) *def     { return &def{shape: shName, doc: doc} }
func namesDef(doc string) *def    { return &def{shape: shNames, doc: doc} }
func exprDef(doc string) *def     { return &def{shape: shExpr, doc: doc} }

// mapOf is a mapping of names to values of elem.
func mapOf(doc string, elem *def) *def { return &def{shape: shMap, doc: doc, named: true, elem: elem} }

// valuesOf is a mapping of names that expressions read to values of elem.
func valuesOf(doc string, elem *def) *def {
	return &def{shape: shMap, doc: doc, named: true, values: true, elem: elem}
}

// bounded is d with bounds on its numbers.
func bounded(d *def, bounds map[string]any) *def {
	d.bounds = bounds
	return d
}

var (
	unitInterval = map[string]any{"minimum": 0, "maximum": 1}
	positive     = map[string]any{"exclusiveMinimum": 0}
)

// maxExact is 2^53, beyond which not every whole number is a float64.
const maxExact = 1 << 53

// argBounds are the bounds sim puts on single arguments of distributions
// (sim.DistKinds names the arguments); rules between arguments, such as
// min < max, are beyond a schema.
var argBounds = map[string]map[string]map[string]any{
	"normal":           {"sd": positive},
	"truncnormal":      {"sd": positive},
	"lognormal":        {"sigma": positive},
	"beta":             {"alpha": {"minimum": 1e-300, "maximum": 1e7}, "beta": {"minimum": 1e-300, "maximum": 1e7}},
	"bernoulli":        {"p": unitInterval},
	"discrete_uniform": {"min": {"type": "integer", "minimum": -maxExact, "maximum": maxExact}, "max": {"type": "integer", "minimum": -maxExact, "maximum": maxExact}},
}

func anyOf(doc string, alts ...*def) *def { return &def{shape: shAnyOf, doc: doc, alts: alts} }

var docField = field{key: "doc", def: freeTextDef("what this means, for readers and reports")}

var partyDef = &def{shape: shObject, name: "party", doc: "a party as a mapping of its display name and doc", fields: []field{
	{key: "name", def: textDef("the name shown in tables")},
	docField,
}}

var outcomeDef = &def{shape: shObject, name: "outcome", doc: "an outcome as a mapping of its label and doc", fields: []field{
	{key: "label", def: textDef("the label shown in tables")},
	docField,
}}

var derivedDef = &def{shape: shObject, name: "derived", doc: "a derived value as a mapping of its formula and doc", fields: []field{
	{key: "expr", def: exprDef("the formula, over parameters and other derived values"), required: true},
	docField,
}}

var variantDef = &def{shape: shObject, name: "variant", doc: "a named counterfactual, applied with --variant NAME", some: []string{"set", "drop"}, fields: []field{
	docField,
	{key: "set", def: mapOf("parameters replaced by a value or another distribution (a derived value can be set to a fixed value)", &def{shape: shSetParam})},
	{key: "drop", def: namesDef("demands or constraints of an issues model this variant removes")},
}}

// categoricalDef is the arguments of the categorical distribution, which
// are named lists rather than numbers.
var categoricalDef = &def{shape: shObject, name: "categorical", doc: "one of values, with the given weights", fields: []field{
	{key: "values", def: &def{shape: shNumbers, doc: "the values drawn"}, required: true},
	{key: "weights", def: &def{shape: shNumbers, bounds: map[string]any{"minimum": 0}, doc: "one weight per value, each at least 0, not all 0"}, required: true},
}}

var modelDef = &def{shape: shObject, name: "model", doc: "exactly one game form: tree, issues, matrix or spatial",
	forms: []form{{name: "tree", keys: []string{"tree"}}, {name: "issues", keys: []string{"issues"}}, {name: "matrix", keys: []string{"matrix"}}, {name: "spatial", keys: []string{"spatial"}}},
	fields: []field{
		{key: "tree", def: &def{shape: shRef, name: "node"}, doc: "a sequential game: decisions (move:, choices:), chance events (chance:) and ends (outcome:, payoff:)"},
		{key: "issues", def: issuesDef},
		{key: "matrix", def: matrixDef},
		{key: "spatial", def: spatialDef},
	}}

// spatialInput is an actor's capability, position or salience: a number,
// an expression, or a distribution (the loader makes it a parameter).
var spatialInput = anyOf("a number, an expression over parameters, or a distribution (with an optional doc:)", exprDef("the value"), &def{shape: shParam})

// spatialDef is the spatial model of politics (docs/spatial.md).
var spatialDef = &def{shape: shObject, name: "spatial", doc: "the spatial model of politics: actors with capability, and per dimension a position (0-100) and a salience, moved round by round by BDM's or KTAB's SMP method",
	fields: []field{
		{key: "method", def: &def{shape: shEnum, enum: spatial.Methods(), doc: "bdm (Bueno de Mesquita's expected-utility model) or smp (KTAB's spatial model of politics)"}, required: true},
		{key: "rounds", def: &def{shape: shCount, least: 1, doc: "the most rounds to run"}},
		{key: "tolerance", def: exprDef("bdm: stop when no position moves more than this")},
		{key: "q", def: exprDef("bdm: the probability that a third party joins")},
		{key: "capitulation", def: &def{shape: shBool, doc: "bdm: whether an actor may capitulate"}},
		{key: "win_tolerance", def: exprDef("how close to the forecast an actor's position must be to count as winning")},
		{key: "dimensions", def: mapOf("the issue dimensions: id: label, or id: {label, doc, low, high}", anyOf("",
			textDef("the label"),
			&def{shape: shObject, name: "dimension", doc: "a dimension of the issue space", fields: []field{
				{key: "label", def: textDef("the label")},
				{key: "doc", def: freeTextDef("what the dimension is")},
				{key: "low", def: textDef("what position 0 means")},
				{key: "high", def: textDef("what position 100 means")},
			}})), required: true},
		{key: "actors", def: mapOf("the actors: a party id or a new name", &def{shape: shObject, name: "actor", doc: "an actor of the spatial model", fields: []field{
			{key: "name", def: textDef("the display name")},
			{key: "doc", def: freeTextDef("who the actor is, with sources")},
			{key: "capability", def: spatialInput, required: true},
			{key: "position", def: &def{shape: shMap, named: true, doc: "per dimension: the position on 0-100", elem: spatialInput}, required: true},
			{key: "salience", def: &def{shape: shMap, named: true, doc: "per dimension: the salience on 0-100", elem: spatialInput}, required: true},
		}}), required: true},
		{key: "outcomes", def: rulesDef, required: true, doc: "outcome: condition on the forecast (forecast.DIM, forecast_mean.DIM, position.ACTOR.DIM, rounds, converged), the first that holds wins"},
	}}

// nodeDef is a tree node. Its branches are nodes too; the schema refers
// to them by name, as a definition cannot hold itself.
var nodeDef = &def{shape: shObject, name: "node", doc: "a tree node: a decision (move:, choices:), a chance event (chance:) or an end (outcome:, payoff:)",
	forms: []form{
		{name: "decision", keys: []string{"move", "choices"}},
		{name: "chance", keys: []string{"chance"}},
		{name: "end", keys: []string{"outcome", "payoff"}},
	},
	fields: []field{
		{key: "label", def: textDef("a label, kept for reports")},
		docField,
		{key: "move", def: nameDef("the party that chooses at this decision")},
		{key: "choices", def: &def{shape: shMap, named: true, least: 1, elem: &def{shape: shRef, name: "node"}, doc: "the actions of the mover, each leading to a node; the mover picks the one whose subgame pays it most"}},
		{key: "chance", def: &def{shape: shMap, named: true, least: 1, elem: &def{shape: shRef, name: "branch"}, doc: "the branches nature picks from, each with prob:"}},
		{key: "prob", def: bounded(exprDef("the probability of this branch of a chance node, in [0, 1]; the branches sum to 1 in every world"), unitInterval)},
		{key: "outcome", def: nameDef("the outcome this end belongs to (an id under outcomes:)")},
		{key: "payoff", def: mapOf("every party's payoff at this end (party: expression)", exprDef("the party's payoff"))},
	}}

var issueDef = &def{shape: shObject, name: "issue", doc: "an issue: options: (names, in order), or a number range: [from, to] split into steps:",
	forms: []form{{name: "options", keys: []string{"options"}}, {name: "range", keys: []string{"range", "steps"}}},
	fields: []field{
		{key: "options", def: &def{shape: shList, least: 1, unique: true, elem: textDef("an option"), doc: "the options, in order"}},
		{key: "range", def: &def{shape: shNumbers, least: 2, most: 2, doc: "[from, to], from < to"}},
		{key: "steps", def: &def{shape: shCount, least: 2, doc: "the number of points of the range, at least 2"}},
		docField,
	}}

var utilityDef = &def{shape: shObject, name: "utility", doc: "an additive utility: the sum over issues of weight × the value of the chosen option", fields: []field{
	{key: "weights", def: mapOf("per issue, default 1; expressions over parameters", exprDef("the issue's weight"))},
	{key: "values", required: true, def: &def{shape: shMap, doc: "per issue, a value for each option, or for a range issue an expression in its value",
		elem: anyOf("", exprDef("a range issue's value, an expression in the issue"), &def{shape: shMap, doc: "a value for each option (option: expression)", elem: exprDef("the option's value")})}},
}}

var demandDef = &def{shape: shObject, name: "demand", doc: "a demand: the party accepts no package unless require: holds", fields: []field{
	{key: "party", def: nameDef("the negotiator who makes the demand"), required: true},
	{key: "require", def: exprDef("the condition on the package"), required: true},
	{key: "firm", def: bounded(exprDef("the probability the demand is firm (else a bluff), in [0, 1], default 1"), unitInterval)},
	{key: "reason", def: freeTextDef("text quoted in reports")},
}}

var constraintDef = &def{shape: shObject, name: "constraint", doc: "a constraint: hard (forbid:, optionally unless:) or soft (when: and cost:)",
	forms: []form{{name: "hard", keys: []string{"forbid"}, optional: []string{"unless"}}, {name: "soft", keys: []string{"when", "cost"}}},
	fields: []field{
		{key: "party", def: nameDef("the negotiator the constraint binds"), required: true},
		{key: "forbid", def: exprDef("hard: the party cannot agree to a package where this holds")},
		{key: "unless", def: exprDef("hard: ...unless this holds in the world")},
		{key: "when", def: exprDef("soft: where this holds, agreeing costs the party cost:")},
		{key: "cost", def: exprDef("soft: what agreeing costs the party where when: holds")},
		{key: "imposed_by", def: nameDef("the party that imposes the constraint")},
		{key: "reason", def: freeTextDef("text quoted in reports")},
	}}

var rulesDef = anyOf("one outcome id, or outcome: condition rules in order (true for always), the first that holds wins",
	nameDef("the outcome"),
	&def{shape: shMap, named: true, doc: "outcome: condition rules, in order", elem: &def{shape: shRule, doc: "the condition, or true for always"}})

var issuesDef = &def{shape: shObject, name: "issues", doc: "a multi-issue negotiation: every combination of one option per issue is a package, scored in every world and picked by a bargaining solution", fields: []field{
	{key: "parties", def: &def{shape: shNames, unique: true, doc: "who must agree (default: every party); others are third parties"}},
	{key: "solution", def: &def{shape: shEnum, enum: issues.Solutions(), doc: "the bargaining solution (default nash)"}},
	{key: "max_packages", def: &def{shape: shCount, least: 1, bounds: map[string]any{"maximum": 4_000_000}, doc: "the largest package space to enumerate (default 1,000,000, at most 4,000,000)"}},
	{key: "issues", required: true, def: &def{shape: shMap, named: true, values: true, least: 1, doc: "the issues, name: [options] or {range: [from, to], steps: n}",
		elem: anyOf("", &def{shape: shList, least: 1, unique: true, elem: textDef("an option"), doc: "the options, in order"}, issueDef)}},
	{key: "utility", required: true, def: mapOf("each party's utility: one expression over issues and parameters, or weights: and values:", anyOf("", exprDef("the utility as one expression"), utilityDef))},
	{key: "batna", required: true, def: mapOf("the walk-away value of every negotiator", exprDef("the walk-away value"))},
	{key: "power", def: mapOf("bargaining power (asymmetric Nash), default 1", bounded(exprDef("the bargaining power, > 0"), positive))},
	{key: "demands", def: mapOf("demands, by name", demandDef)},
	{key: "constraints", def: mapOf("constraints, by name", constraintDef)},
	{key: "deal", def: rulesDef, required: true, doc: "the outcome of an agreement: one id, or outcome: condition rules in order"},
	{key: "no_deal", def: nameDef("the outcome when no package is agreed"), required: true},
}}

var profileDef = &def{shape: shObject, name: "profile", doc: "the payoffs of one profile", fields: []field{
	{key: "profile", def: &def{shape: shList, elem: textDef("a strategy"), doc: "one strategy per player, in the order of players:"}, required: true},
	{key: "payoff", def: mapOf("each player's payoff (player: expression)", exprDef("the player's payoff")), required: true},
}}

var matrixDef = &def{shape: shObject, name: "matrix", doc: "a strategic-form game, solved for all equilibria in every world; one is selected by a rule and the played profile drawn from it",
	forms: []form{{name: "payoffs", keys: []string{"payoffs"}}, {name: "bimatrix", keys: []string{"bimatrix"}}},
	fields: []field{
		{key: "players", def: &def{shape: shList, least: 2, unique: true, elem: nameDef("a party"), doc: "the players, in order (default: every party)"}},
		{key: "strategies", def: mapOf("each player's strategies (player: [strategy, ...])", &def{shape: shNames, unique: true, doc: "the player's strategies"}), required: true},
		{key: "payoffs", def: &def{shape: shList, elem: profileDef, doc: "the payoffs per profile: a list of {profile: [...], payoff: {...}}"}},
		{key: "bimatrix", def: &def{shape: shMap, named: true, most: 2, doc: "a two-player game as one matrix per player (player: [[...], ...]): rows the first player's strategies, columns the second's",
			elem: &def{shape: shList, elem: &def{shape: shList, elem: exprDef("a payoff"), doc: "a row"}, doc: "the player's payoff matrix"}}},
		{key: "selection", def: &def{shape: shEnum, enum: matrix.Selections(), doc: "the rule that selects one equilibrium (default logit, the logit-tracing limit)"}},
		{key: "outcomes", def: rulesDef, required: true, doc: "outcome: condition on the played profile, the first that holds wins"},
	}}

var scenarioDef = &def{shape: shObject, name: "scenario", doc: "a Parley scenario, format 1", fields: []field{
	{key: "format", def: &def{shape: shFormat, doc: "1, the version of this format"}},
	{key: "scenario", def: &def{shape: shID, doc: "the scenario id: a short name such as istanbul-2025 (letters, digits, _ and -, starting with a letter or digit); printed in every provenance stamp"}, required: true},
	{key: "title", def: textDef("a one-line title")},
	{key: "source", def: freeTextDef("where the story comes from")},
	{key: "description", def: freeTextDef("a paragraph")},
	{key: "parties", required: true, def: &def{shape: shMap, named: true, least: 1, doc: "the players: id: display name, or id: {name, doc}",
		elem: anyOf("", textDef("the display name"), &def{shape: shNull}, partyDef)}},
	{key: "parameters", def: valuesOf("named inputs: a number (fixed) or a mapping with exactly one distribution and an optional doc:", &def{shape: shParam})},
	{key: "derived", def: valuesOf("named values computed from parameters and other derived values, in any order", anyOf("", exprDef("the formula"), derivedDef))},
	{key: "outcomes", required: true, def: &def{shape: shMap, named: true, least: 1, doc: "the named classes of result: id: label, or id: {label, doc}",
		elem: anyOf("", textDef("the label"), &def{shape: shNull}, outcomeDef)}},
	{key: "variants", def: mapOf("named counterfactuals", variantDef)},
	{key: "ties", def: tiesDef},
	{key: "model", def: modelDef, required: true},
}}

// tiesDef is the tree's rule for ties between best moves.
var tiesDef = anyOf("how a tree settles a tie between best moves: split (the default, evenly), first (the choice listed first), or {prefer: NAME or [NAME, ...]}",
	&def{shape: shEnum, enum: []string{"split", "first"}, doc: "split evenly, or take the choice listed first"},
	&def{shape: shObject, name: "ties_prefer", doc: "take the tied choice named first in prefer:; split when none is named", fields: []field{
		{key: "prefer", def: namesDef("choice names, most preferred first"), required: true},
	}})

// Key lists the decoder checks mappings against.
var (
	topKeys        = scenarioDef.keys()
	nodeKeys       = nodeDef.keys()
	issuesKeys     = issuesDef.keys()
	matrixKeys     = matrixDef.keys()
	modelForms     = modelDef.keys()
	spatialKeys    = spatialDef.keys()
	partyKeys      = partyDef.keys()
	outcomeKeys    = outcomeDef.keys()
	derivedKeys    = derivedDef.keys()
	variantKeys    = variantDef.keys()
	categoricKeys  = categoricalDef.keys()
	issueKeys      = issueDef.keys()
	utilityKeys    = utilityDef.keys()
	demandKeys     = demandDef.keys()
	constraintKeys = constraintDef.keys()
	profileKeys    = profileDef.keys()
)
