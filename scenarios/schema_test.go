package scenarios_test

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/parley-dev/parley/scenarios"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"
)

// schemaFile is the copy of the schema kept in the docs, which the
// bundled scenarios name in their yaml-language-server comment.
const schemaFile = "../docs/scenario.schema.json"

// TestSchemaUpToDate checks that docs/scenario.schema.json is what
// parley schema prints. Run
//
//	go test ./scenarios -run SchemaUpToDate -update
//
// to rewrite it after a change to the format's definitions.
func TestSchemaUpToDate(t *testing.T) {
	got := scenarios.Schema()
	if *update {
		if err := os.WriteFile(schemaFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(schemaFile)
	if err != nil {
		t.Fatalf("%v (run go test ./scenarios -run SchemaUpToDate -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s is out of date: run go test ./scenarios -run SchemaUpToDate -update\n%s", schemaFile, firstDiff(want, got))
	}
}

// compileSchema compiles the schema with a validator that implements
// draft 2020-12, checking the schema itself against the draft's
// meta-schema on the way.
func compileSchema(t testing.TB) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(scenarios.Schema()))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	if err := c.AddResource("scenario.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	sch, err := c.Compile("scenario.schema.json")
	if err != nil {
		t.Fatalf("the schema does not compile: %v", err)
	}
	return sch
}

// jsonDocs reads the documents of a YAML file into the values a JSON
// Schema validator takes, as an editor does: anchors, aliases and merge
// keys expanded, keys and dates as text. JSON has no infinities or NaN;
// such a number becomes text, which no number of the schema matches (nor
// does the loader accept one). An empty file is one document, null.
func jsonDocs(data []byte) ([]any, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var docs []any
	for {
		var v any
		err := dec.Decode(&v)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		docs = append(docs, toJSON(v))
	}
	if len(docs) == 0 {
		docs = append(docs, nil)
	}
	return docs, nil
}

// validate checks every document of a YAML file against the schema, as
// an editor does; a YAML error comes back as yamlErr.
func validate(sch *jsonschema.Schema, data []byte) (yamlErr, schemaErr error) {
	docs, err := jsonDocs(data)
	if err != nil {
		return err, nil
	}
	for _, v := range docs {
		if err := sch.Validate(v); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

func toJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = toJSON(x)
		}
		return out
	case map[any]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[fmt.Sprint(k)] = toJSON(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = toJSON(x)
		}
		return out
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return strconv.FormatFloat(v, 'g', -1, 64)
		}
	case time.Time:
		// YAML reads 2025-11-10 as a date; to the loader, and in JSON,
		// it is text.
		return v.Format(time.RFC3339)
	}
	return v
}

// validScenarios returns every scenario in the repository that the
// loader accepts: the bundled ones, the seeds of the fuzz corpus that
// load, those tests write inline, and the complete scenarios shown in the
// README and the format reference.
func validScenarios(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	bundled, err := filepath.Glob("*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range bundled {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = b
	}
	seeds, err := filepath.Glob("testdata/fuzz/FuzzParse/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range seeds {
		for i, b := range fuzzSeedData(t, f) {
			out[fmt.Sprintf("%s#%d", f, i)] = b
		}
	}
	for name, b := range scenariosInTests(t) {
		out[name] = b
	}
	for _, doc := range []string{"../README.md", "../docs/scenario-format.md"} {
		b, err := os.ReadFile(doc)
		if err != nil {
			t.Fatal(err)
		}
		for i, block := range yamlBlocks(b) {
			out[fmt.Sprintf("%s#%d", doc, i)] = block
		}
	}
	for name, b := range out {
		if _, err := scenarios.Parse(name, b, scenarios.Options{}); err != nil {
			delete(out, name)
		}
	}
	return out
}

// fuzzSeedData returns the []byte values of a file of the fuzz corpus.
func fuzzSeedData(t *testing.T, file string) [][]byte {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	for _, line := range strings.Split(string(b), "\n") {
		if s, ok := strings.CutPrefix(line, "[]byte("); ok {
			v, err := strconv.Unquote(strings.TrimSuffix(s, ")"))
			if err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			out = append(out, []byte(v))
		}
	}
	return out
}

var yamlBlock = regexp.MustCompile("(?s)```yaml\n(.*?)```")

// yamlBlocks returns the YAML code blocks of a Markdown file.
func yamlBlocks(md []byte) [][]byte {
	var out [][]byte
	for _, m := range yamlBlock.FindAllSubmatch(md, -1) {
		out = append(out, m[1])
	}
	return out
}

// TestSchemaAcceptsValidScenarios checks that the schema accepts every
// scenario the loader accepts, so an editor never flags a good file.
func TestSchemaAcceptsValidScenarios(t *testing.T) {
	sch := compileSchema(t)
	valid := validScenarios(t)
	if len(valid) < 20 {
		t.Fatalf("found %d valid scenarios, want at least 20 (15 bundled, fuzz seeds, the README's example)", len(valid))
	}
	t.Logf("%d valid scenarios", len(valid))
	for name, data := range valid {
		if yerr, err := validate(sch, data); yerr != nil || err != nil {
			t.Errorf("%s: loads, but the schema rejects it:\n%v%v", name, yerr, err)
		}
	}
}

// TestBundledNameSchema checks that every bundled scenario names the
// schema on its first line, for editors, by a path that resolves.
func TestBundledNameSchema(t *testing.T) {
	files, err := filepath.Glob("*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	const want = "# yaml-language-server: $schema=" + schemaFile + "\n"
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte(want)) {
			t.Errorf("%s does not start with %q", f, want)
		}
	}
	// The path is relative to the scenario, here in the test's directory.
	if _, err := os.Stat(schemaFile); err != nil {
		t.Errorf("the path the comment names does not resolve from scenarios/: %v", err)
	}
}

// loaderOnly lists the files of the invalid corpus that the schema
// accepts, with why only the loader can tell they are wrong. The same
// list, in words, is in docs/scenario-format.md.
var loaderOnly = map[string]string{
	"categorical-weights-mismatch":        whyBetween,
	"chance-probs-sum-not-one":            whyBetween,
	"derived-cycle":                       whyExpr,
	"derived-reads-broken-derived":        whyExpr,
	"expression-syntax-error":             whyExpr,
	"function-wrong-arg-count":            whyExpr,
	"issues-batna-unknown-party":          whyNames,
	"issues-deal-undefined-outcome":       whyNames,
	"issues-demand-by-third-party":        whyNames,
	"issues-imposed-by-unknown-party":     whyNames,
	"issues-issue-named-like-parameter":   whyWhole,
	"issues-missing-batna":                whyNames,
	"issues-missing-utility":              whyNames,
	"issues-option-without-value":         whyNames,
	"issues-package-space-too-large":      whyWhole,
	"issues-range-reversed":               whyBetween,
	"issues-unknown-issue-in-values":      whyNames,
	"issues-unknown-option-in-expression": whyExpr,
	"issues-unknown-option-in-values":     whyNames,
	"issues-unknown-party-in-parties":     whyNames,
	"issues-unreachable-outcome":          whyWhole,
	"issues-value-reads-issue":            whyExpr,
	"issues-variant-drops-unknown":        whyNames,
	"expression-missing-operand":          whyExpr,
	"expression-single-equals":            whyExpr,
	"matrix-outcome-rules-miss-a-profile": whyWhole,
	"unknown-party-transposed":            whyNames,
	"ties-on-matrix":                      whyWhole,
	"spatial-inline-distribution":         whyBetween,
	"spatial-negative-capability":         whyBetween,
	"spatial-option-other-method":         whyBetween,
	"spatial-party-not-actor":             whyNames,
	"spatial-position-off-scale":          whyBetween,
	"spatial-rule-unknown-forecast":       whyExpr,
	"spatial-salience-total":              whyBetween,
	"spatial-unknown-dimension":           whyNames,
	"spatial-unknown-parameter":           whyNames,
	"ties-prefer-unknown-choice":          whyNames,
	"lognormal-overflows":                 whyBetween,
	"matrix-bimatrix-wrong-column-count":  whyBetween,
	"matrix-bimatrix-wrong-row-count":     whyBetween,
	"matrix-duplicate-profile":            whyBetween,
	"matrix-missing-profile":              whyNames,
	"matrix-missing-strategies":           whyNames,
	"matrix-outcome-unknown-strategy":     whyNames,
	"matrix-payoff-reads-strategy":        whyExpr,
	"matrix-profile-wrong-length":         whyBetween,
	"matrix-risk-dominant-3x3":            whyWhole,
	"matrix-strategies-for-non-player":    whyNames,
	"matrix-too-large-to-search":          whyWhole,
	"matrix-too-many-payoffs":             whyWhole,
	"matrix-too-many-strategies":          whyWhole,
	"matrix-unknown-strategy-in-profile":  whyNames,
	"missing-payoff-for-party":            whyNames,
	"normal-sd-overflows":                 whyBetween,
	"parameter-and-derived-same-name":     whyWhole,
	"payoff-for-unknown-party":            whyNames,
	"reserved-word-name":                  whyReserved,
	"several-errors-at-once":              whySeveral,
	"two-documents":                       whyDocuments,
	"string-in-expression":                whyExpr,
	"triangular-min-above-mode":           whyBetween,
	"truncnormal-bad-bounds":              whyBetween,
	"typo-in-derived-expression":          whyExpr,
	"typo-in-multiline-expression":        whyExpr,
	"typo-in-parameter-name-in-payoff":    whyExpr,
	"typo-in-quoted-expression":           whyExpr,
	"undefined-outcome":                   whyNames,
	"uniform-bounds-reversed":             whyBetween,
	"unknown-function":                    whyExpr,
	"unknown-party-in-move":               whyNames,
	"unreachable-outcome":                 whyWhole,
	"variant-bad-distribution":            whyBetween,
	"variant-unknown-parameter":           whyNames,
}

const (
	whyNames     = "it names, or leaves out, something the file defines elsewhere (a party, outcome, parameter, issue, option or strategy); a schema cannot compare a value with the keys of another section"
	whyExpr      = "the mistake is inside an expression (a typo in a name, a syntax error, a cycle of derived values): the schema sees an expression as text"
	whyBetween   = "it breaks a rule between values (min < max, counts that must agree, probabilities that sum to 1, a mean far enough from overflow), which a schema cannot state"
	whyWhole     = "it is a property of the whole game: an outcome never reached, a game too large to solve, a name used twice across sections"
	whyReserved  = "the expression keywords are not exported by sim, so the schema refuses function names as parameter names but not keywords"
	whySeveral   = "each of its mistakes is of a kind above"
	whyDocuments = "each of its two documents is a valid scenario, and an editor checks each document against the schema; only the loader wants one document a file"
)

// TestSchemaRejectsInvalidCorpus checks that the schema, or the YAML
// reading before it, rejects every file of the invalid corpus except
// those in loaderOnly, and that the list is short and up to date.
func TestSchemaRejectsInvalidCorpus(t *testing.T) {
	sch := compileSchema(t)
	files, err := filepath.Glob("testdata/invalid/*.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var bySchema, byYAML, accepted int
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".yaml")
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		yerr, serr := validate(sch, data)
		switch {
		case yerr != nil:
			byYAML++
		case serr != nil:
			bySchema++
		default:
			accepted++
		}
		_, only := loaderOnly[name]
		switch ok := yerr == nil && serr == nil; {
		case ok && !only:
			t.Errorf("the schema accepts testdata/invalid/%s.yaml: reject it, or list it in loaderOnly with why only the loader can", name)
		case !ok && only:
			t.Errorf("loaderOnly lists %s, which the schema (or YAML) rejects: remove it from the list and the docs", name)
		}
	}
	t.Logf("%d invalid files: %d rejected by the schema, %d by YAML reading, %d only by the loader", len(files), bySchema, byYAML, accepted)
	if 2*accepted >= len(files) {
		t.Errorf("the schema accepts %d of %d invalid files, want fewer than half", accepted, len(files))
	}
	doc, err := os.ReadFile("../docs/scenario-format.md")
	if err != nil {
		t.Fatal(err)
	}
	if count := fmt.Sprintf("(%d of %d)", accepted, len(files)); !bytes.Contains(doc, []byte(count)) {
		t.Errorf("docs/scenario-format.md does not say how many invalid files only the loader rejects, %s", count)
	}
	for name := range loaderOnly {
		if !bytes.Contains(doc, []byte("`"+name+"`")) {
			t.Errorf("docs/scenario-format.md does not list %s among the files only the loader rejects", name)
		}
	}
}

// FuzzSchemaAcceptsWhatLoads checks, on arbitrary files, that the schema
// accepts every file the loader accepts: an editor must never flag a
// scenario Parley runs. The seeds are the bundled scenarios (FuzzParse
// seeds from the invalid corpus too; files that fail to load test
// nothing here).
//
//	go test -run='^$' -fuzz=FuzzSchemaAcceptsWhatLoads -fuzztime=2m ./scenarios/
func FuzzSchemaAcceptsWhatLoads(f *testing.F) {
	files, err := filepath.Glob("*.yaml")
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	sch := compileSchema(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := scenarios.Parse("fuzz.yaml", data, scenarios.Options{}); err != nil {
			return
		}
		if yerr, err := validate(sch, data); yerr != nil || err != nil {
			t.Fatalf("loads, but the schema rejects it:\n%v%v", yerr, err)
		}
	})
}

// scenariosInTests returns the string constants of the repository's Go
// tests that look like scenarios: the small files tests write inline.
func scenariosInTests(t *testing.T) map[string][]byte {
	t.Helper()
	files, err := filepath.Glob("../*/*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	more, err := filepath.Glob("../*/*/*_test.go")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	fset := token.NewFileSet()
	for _, file := range append(files, more...) {
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING || !strings.Contains(lit.Value, "parties:") {
				return true
			}
			if s, err := strconv.Unquote(lit.Value); err == nil {
				out[fset.Position(lit.Pos()).String()] = []byte(s)
			}
			return true
		})
	}
	return out
}
