package scenarios

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/parley-dev/parley/sim"
	"github.com/parley-dev/parley/sim/calc"
)

// SchemaDraft is the JSON Schema dialect Schema is written in.
const SchemaDraft = "https://json-schema.org/draft/2020-12/schema"

// Schema returns a JSON Schema of the scenario format, generated from the
// definitions the decoder checks keys against (keys.go) and from sim's
// distribution families, solutions and selection rules. Editors use it to
// complete keys and flag mistakes of form as a scenario is typed; what it
// cannot say (names defined elsewhere in the file, cycles, the rules of
// each distribution's arguments) only Load checks.
//
// Editors such as VS Code's YAML extension implement draft-07, so the
// schema uses only keywords that mean the same there as in 2020-12, and
// one (prefixItems, for the bounds of a distribution's arguments in a
// list) that draft-07 ignores. The output is the same bytes on every
// call.
func Schema() []byte {
	g := &schemaGen{defs: map[string]any{}}
	root := g.object(scenarioDef)
	root["$schema"] = SchemaDraft
	root["title"] = "Parley scenario, format 1"
	root["description"] = "A Parley scenario: parties, parameters, outcomes, variants and one game model (tree, issues or matrix). Reference: docs/scenario-format.md."
	dropOnlyInIssues(root)
	g.node()
	g.distributions()
	root["$defs"] = g.defs
	b, err := json.MarshalIndent(root, "", "  ")
	if err != nil {
		panic(fmt.Sprintf("scenarios: the schema does not marshal: %v", err)) // a bug: it holds only maps, slices, strings and numbers
	}
	return append(b, '\n')
}

// Patterns of text. The schema's regular expressions are ECMA-262's and
// RE2's common ground: character classes of literal characters.
var (
	// safeText matches text without the characters safetext.BadRune
	// refuses; safeFreeText allows line breaks and tabs as well.
	safeText     = "^[^\x00-\x1f\x7f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]*$"
	safeFreeText = "^[^\x00-\x08\x0b-\x1f\x7f-\u009f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]*$"
)

type schemaGen struct {
	defs map[string]any
}

// ref points to a definition of the schema.
func ref(name string) map[string]any { return map[string]any{"$ref": "#/$defs/" + name} }

// schema returns the JSON Schema of d.
func (g *schemaGen) schema(d *def) map[string]any {
	s := g.shape(d)
	if d.unique {
		unique(s)
	}
	if d.bounds != nil {
		bound(s, d.bounds)
	}
	if d.doc != "" {
		s["description"] = d.doc
	}
	return s
}

func (g *schemaGen) shape(d *def) map[string]any {
	switch d.shape {
	case shText:
		return map[string]any{"type": []string{"string", "number", "boolean"}, "pattern": safeText}
	case shFreeText:
		return map[string]any{"type": []string{"string", "number", "boolean"}, "pattern": safeFreeText}
	case shName:
		return map[string]any{"type": "string", "pattern": nameRE.String()}
	case shID:
		// A number is text to the loader, and 2025 a fine id.
		return map[string]any{"type": []string{"string", "number"}, "pattern": scenarioIDRE.String()}
	case shNames:
		return map[string]any{"anyOf": []any{
			map[string]any{"type": "string", "pattern": safeText},
			map[string]any{"type": "array", "items": g.shape(&def{shape: shText})},
		}}
	case shNumbers:
		return list(map[string]any{"type": "number"}, d.least, d.most)
	case shCount:
		return map[string]any{"type": "integer", "minimum": d.least}
	case shFormat:
		return map[string]any{"const": 1}
	case shExpr:
		return map[string]any{"type": []string{"number", "string"}, "pattern": safeFreeText, "maxLength": maxExprLen}
	case shRule:
		return map[string]any{"anyOf": []any{g.shape(&def{shape: shExpr}), map[string]any{"const": true}}}
	case shEnum:
		return map[string]any{"type": "string", "enum": d.enum}
	case shNull:
		return map[string]any{"type": "null"}
	case shBool:
		return map[string]any{"type": "boolean"}
	case shParam:
		return ref("parameter")
	case shSetParam:
		return ref("setting")
	case shRef:
		return ref(d.name)
	case shList:
		return list(g.schema(d.elem), d.least, d.most)
	case shAnyOf:
		var alts []any
		for _, a := range d.alts {
			alts = append(alts, g.schema(a))
		}
		return map[string]any{"anyOf": alts}
	case shMap:
		return g.mapping(d)
	case shObject:
		if d.name == "" {
			return g.object(d)
		}
		if _, ok := g.defs[d.name]; !ok {
			g.defs[d.name] = nil // reserve it: a field may refer back
			g.defs[d.name] = g.object(d)
		}
		return ref(d.name)
	}
	panic(fmt.Sprintf("scenarios: no schema for shape %d", d.shape)) // a bug: a shape added without its schema
}

// unique says that a list, or the list a shNames may be, holds no item
// twice.
func unique(s map[string]any) {
	if alts, ok := s["anyOf"].([]any); ok {
		for _, a := range alts {
			unique(a.(map[string]any))
		}
		return
	}
	if s["type"] == "array" {
		s["uniqueItems"] = true
	}
}

// bound puts bounds on the numbers of s: on s itself, or on the items of
// a list of numbers.
func bound(s map[string]any, bounds map[string]any) {
	if s["type"] == "array" {
		s = s["items"].(map[string]any)
	}
	for k, v := range bounds {
		s[k] = v
	}
}

func list(items map[string]any, least, most int) map[string]any {
	s := map[string]any{"type": "array", "items": items}
	if least > 0 {
		s["minItems"] = least
	}
	if most > 0 {
		s["maxItems"] = most
	}
	return s
}

// mapping is a mapping of names to values; an empty one may be written
// as nothing (parameters: with no entries), as the decoder reads it.
func (g *schemaGen) mapping(d *def) map[string]any {
	s := map[string]any{"type": []string{"object", "null"}, "additionalProperties": g.schema(d.elem)}
	if d.least > 0 {
		s["type"] = "object"
		s["minProperties"] = d.least
	}
	if d.most > 0 {
		s["maxProperties"] = d.most
	}
	if d.named {
		keys := map[string]any{"pattern": nameRE.String()}
		if d.values {
			keys["not"] = map[string]any{"enum": calc.FunctionNames()}
		}
		s["propertyNames"] = keys
	}
	return s
}

// object is a mapping of the keys d.fields, which must be one of d.forms
// when it has forms.
func (g *schemaGen) object(d *def) map[string]any {
	props := map[string]any{}
	var required []string
	for _, f := range d.fields {
		s := g.schema(f.def)
		if f.doc != "" {
			s["description"] = f.doc
		}
		props[f.key] = s
		if f.required {
			required = append(required, f.key)
		}
	}
	s := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if d.doc != "" {
		s["description"] = d.doc
	}
	if len(required) > 0 {
		s["required"] = required
	}
	if len(d.forms) > 0 {
		s["oneOf"] = forms(d)
	}
	if len(d.some) > 0 {
		var alts []any
		for _, k := range d.some {
			nonEmpty := map[string]any{"minProperties": 1, "minItems": 1}
			alts = append(alts, map[string]any{"required": []string{k}, "properties": map[string]any{k: nonEmpty}})
		}
		s["anyOf"] = alts
	}
	return s
}

// forms says that an object is exactly one of d's forms: each form needs
// its own keys and allows, besides them, only the keys no form claims.
func forms(d *def) []any {
	claimed := map[string]bool{}
	for _, f := range d.forms {
		for _, k := range slices.Concat(f.keys, f.optional) {
			claimed[k] = true
		}
	}
	var out []any
	for _, f := range d.forms {
		allowed := slices.Concat(f.keys, f.optional)
		for _, k := range d.keys() {
			if !claimed[k] {
				allowed = append(allowed, k)
			}
		}
		out = append(out, map[string]any{
			"title":         f.name,
			"required":      f.keys,
			"propertyNames": map[string]any{"enum": allowed},
		})
	}
	return out
}

// dropOnlyInIssues says that a variant may drop: demands or constraints
// only where the model is an issues model, the only form that has them.
func dropOnlyInIssues(root map[string]any) {
	root["if"] = map[string]any{
		"required":   []string{"model"},
		"properties": map[string]any{"model": map[string]any{"not": map[string]any{"required": []string{"issues"}}}},
	}
	root["then"] = map[string]any{
		"properties": map[string]any{"variants": map[string]any{
			"additionalProperties": map[string]any{
				"not":         map[string]any{"required": []string{"drop"}},
				"description": "drop: removes demands or constraints, which only an issues model has",
			},
		}},
	}
}

// node defines the tree's nodes: a node under choices: (or the root) has
// no prob:, a branch of a chance node has one.
func (g *schemaGen) node() {
	body := g.object(nodeDef)
	g.defs["node"] = map[string]any{
		"description": nodeDef.doc,
		"allOf":       []any{ref("node_keys")},
		"not":         map[string]any{"required": []string{"prob"}, "description": "prob: belongs only on the branches of a chance node"},
	}
	g.defs["branch"] = map[string]any{
		"description": "a branch of a chance node: a node with prob:",
		"allOf":       []any{ref("node_keys")},
		"required":    []string{"prob"},
	}
	g.defs["node_keys"] = body
}

// distributions defines a parameter's value (a number or a distribution
// with an optional doc:) and a variant's setting (the same without doc:),
// from sim's distribution families.
func (g *schemaGen) distributions() {
	kinds := map[string]any{}
	var one []any
	var names []string
	for _, k := range sim.DistKinds() {
		names = append(names, k.Name)
		one = append(one, map[string]any{"required": []string{k.Name}})
		if k.Name == "categorical" {
			s := g.schema(categoricalDef)
			s["description"] = k.Doc
			kinds[k.Name] = s
			continue
		}
		kinds[k.Name] = distArgs(k)
	}
	dist := func(withDoc bool) map[string]any {
		props := map[string]any{}
		for k, v := range kinds {
			props[k] = v
		}
		doc := "a distribution: exactly one of " + strings.Join(names, ", ")
		if withDoc {
			props["doc"] = g.schema(docField.def)
			doc += ", and an optional doc:"
		}
		return map[string]any{"type": "object", "description": doc, "properties": props, "additionalProperties": false, "oneOf": one}
	}
	g.defs["parameter"] = map[string]any{
		"description": "a number (fixed) or a mapping with exactly one distribution and an optional doc:",
		"anyOf":       []any{map[string]any{"type": "number"}, dist(true)},
	}
	g.defs["setting"] = map[string]any{
		"description": "a number (fixed) or a mapping with exactly one distribution",
		"anyOf":       []any{map[string]any{"type": "number"}, dist(false)},
	}
}

// distArgs is the schema of a distribution's arguments: a list in
// positional order, a mapping by name, or a plain number where one
// argument is enough.
func distArgs(k sim.DistKind) map[string]any {
	least := len(k.Args) - k.Opt
	num := func(arg string) map[string]any {
		s := map[string]any{"type": "number"}
		bound(s, argBounds[k.Name][arg])
		return s
	}
	named := map[string]any{}
	var items []any
	for _, a := range k.Args {
		named[a] = num(a)
		items = append(items, num(a))
	}
	positional := list(map[string]any{"type": "number"}, least, len(k.Args))
	if argBounds[k.Name] != nil {
		// An editor that implements only draft-07 ignores prefixItems,
		// and so checks the list's length but not its bounds.
		positional["prefixItems"] = items
	}
	alts := []any{
		positional,
		map[string]any{"type": "object", "properties": named, "required": k.Args[:least], "additionalProperties": false},
	}
	if least <= 1 {
		alts = append([]any{num(k.Args[0])}, alts...)
	}
	return map[string]any{"description": fmt.Sprintf("%s: [%s]", k.Doc, joinArgs(k)), "anyOf": alts}
}

// joinArgs names a distribution's arguments in order, marking those
// that may be left out.
func joinArgs(k sim.DistKind) string {
	var b strings.Builder
	for i, a := range k.Args {
		if i > 0 {
			b.WriteString(", ")
		}
		if i == len(k.Args)-k.Opt && k.Opt > 0 {
			b.WriteString("optionally ")
		}
		b.WriteString(a)
	}
	return b.String()
}
