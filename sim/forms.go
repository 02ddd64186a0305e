package sim

import (
	"strings"

	"github.com/parley-dev/parley/sim/issues"
	"github.com/parley-dev/parley/sim/matrix"
	"github.com/parley-dev/parley/sim/model"
	"github.com/parley-dev/parley/sim/spatial"
	"github.com/parley-dev/parley/sim/tree"
)

// The game forms. Each lives in a package of its own behind model.Form;
// this list is the one place that knows them all. A new form adds a field
// to ModelSpec and one line here.

// ModelSpec holds exactly one game form: the YAML key model: holds one of
// tree:, issues:, matrix: or spatial:.
type ModelSpec struct {
	Tree    *tree.NodeSpec
	Issues  *issues.IssuesSpec
	Matrix  *matrix.MatrixSpec
	Spatial *spatial.Spec
}

// formChoice is one form: its key under model:, whether the spec gives it,
// and how to compile it.
type formChoice struct {
	key     string
	given   bool
	compile func(*model.Env) model.Form
}

func formsOf(spec ModelSpec) []formChoice {
	return []formChoice{
		{"tree", spec.Tree != nil, func(env *model.Env) model.Form { return tree.Compile(spec.Tree, env) }},
		{"issues", spec.Issues != nil, func(env *model.Env) model.Form { return issues.Compile(spec.Issues, env) }},
		{"matrix", spec.Matrix != nil, func(env *model.Env) model.Form { return matrix.Compile(spec.Matrix, env) }},
		{"spatial", spec.Spatial != nil, func(env *model.Env) model.Form { return spatial.Compile(spec.Spatial, env) }},
	}
}

// formKeys lists the forms' keys for messages: "tree, issues or matrix".
func formKeys(spec ModelSpec) string {
	var keys []string
	for _, f := range formsOf(spec) {
		keys = append(keys, f.key)
	}
	return strings.Join(keys[:len(keys)-1], ", ") + " or " + keys[len(keys)-1]
}
