package scenarios

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
)

// decodeWork parses data as Parse does and returns the decoder, whose
// work counter measures what aliases and merges cost: a count, not a time.
// The limits are lowered (extra values, tree nodes) to keep tests quick;
// 0 keeps Parse's.
func decodeWork(t *testing.T, data string, extra, maxTree int) (*decoder, error) {
	t.Helper()
	d := newDecoder("x.yaml", []byte(data))
	root, e := readYAML("x.yaml", []byte(data))
	if e != nil {
		t.Fatalf("readYAML: %v", e)
	}
	if extra == 0 {
		extra = extraWork
	}
	if maxTree > 0 {
		d.maxTree = maxTree
	}
	d.budget = countNodes(root) + extra
	d.read(root)
	if len(d.errs) > 0 {
		return d, d.errs
	}
	return d, nil
}

const smallHead = "format: 1\nscenario: x\nparties: {a: A}\noutcomes: {o: O}\n"

// mergeChain doubles a merge levels times: expanded without memory of
// what was merged, the last mapping costs 2^levels merges.
func mergeChain(levels int) string {
	var b strings.Builder
	b.WriteString(smallHead + "model: {tree: {outcome: o, payoff: {a: 1}}}\nparameters:\n  p0: &v0 {fixed: 1}\n")
	for i := 1; i <= levels; i++ {
		fmt.Fprintf(&b, "  p%d: &v%d {<<: [*v%d, *v%d]}\n", i, i, i-1, i-1)
	}
	return b.String()
}

func TestMergeChainIsExpandedOnce(t *testing.T) {
	d, err := decodeWork(t, mergeChain(40), 0, 0)
	if err != nil {
		t.Fatalf("a merge chain of 40 levels: %v", err)
	}
	// Each level merges two mappings of one key: a handful of steps each.
	if d.work > 40*10 {
		t.Errorf("40 levels of merges took %d steps, want at most %d", d.work, 40*10)
	}
}

func TestAliasExpansionIsBounded(t *testing.T) {
	// A list of 1,000 numbers, aliased by 100 parameters twice each and
	// the parameters aliased by 10 variants: 2 million values from 10 KB,
	// read on a budget of 20,000 more than the file's own.
	var b strings.Builder
	b.WriteString(smallHead + "model: {tree: {outcome: o, payoff: {a: 1}}}\nparameters: &P\n")
	b.WriteString("  p0: {categorical: {values: &L [" + strings.Repeat("1, ", 999) + "1], weights: *L}}\n")
	for i := 1; i < 100; i++ {
		fmt.Fprintf(&b, "  p%d: {categorical: {values: *L, weights: *L}}\n", i)
	}
	b.WriteString("variants:\n")
	for i := range 10 {
		fmt.Fprintf(&b, "  v%d: {set: *P}\n", i)
	}
	d, err := decodeWork(t, b.String(), 20_000, 0)
	if err == nil {
		t.Fatal("no error for 2 million values")
	}
	if len(d.errs) != 1 || !strings.Contains(err.Error(), "are aliases nested too deeply?") || d.errs[0].Line < 1 {
		t.Errorf("got %v, want one positioned error about aliases", err)
	}
	if d.work != d.budget+1 {
		t.Errorf("the decoder did %d steps on a budget of %d, want it to stop at once", d.work, d.budget)
	}
}

func TestTreeLimitSaysWhatItIsAbout(t *testing.T) {
	// 1,001 choices at the root, no alias, on a limit of 1,000 nodes.
	var b strings.Builder
	b.WriteString(smallHead + "model:\n  tree:\n    move: a\n    choices:\n")
	for i := range 1001 {
		fmt.Fprintf(&b, "      c%d: {outcome: o, payoff: {a: 1}}\n", i)
	}
	_, err := decodeWork(t, b.String(), 0, 1000)
	if err == nil || !strings.Contains(err.Error(), "expected a game tree of at most 1000 nodes, the most Parley solves in every sampled world, found more") {
		t.Fatalf("got %v, want the tree size limit", err)
	}
	if strings.Contains(err.Error(), "alias") {
		t.Errorf("a tree without aliases is told about aliases: %v", err)
	}

	// Nested aliases: each level repeats the one before twice.
	b.Reset()
	b.WriteString(smallHead + "parameters:\n  n0: &n0 {outcome: o, payoff: {a: 1}}\n")
	for i := 1; i <= 20; i++ {
		fmt.Fprintf(&b, "  n%d: &n%d {move: a, choices: {l: *n%d, r: *n%d}}\n", i, i, i-1, i-1)
	}
	b.WriteString("model: {tree: *n20}\n")
	_, err = decodeWork(t, b.String(), 0, 1000)
	if err == nil || !strings.Contains(err.Error(), "of them come from aliases (*name)") {
		t.Fatalf("got %v, want the tree size limit with a word on aliases", err)
	}
}

// TestFaultLineBisectsLargeFiles: a syntax error that yaml.v3 reports at
// the start of a long flow list was found by re-parsing the file cut after
// each of up to 2,000 lines, minutes for a file of megabytes.
func TestFaultLineBisectsLargeFiles(t *testing.T) {
	var b strings.Builder
	b.WriteString("scenario: x\na: {b: [\n")
	for range 1500 {
		b.WriteString("  " + strings.Repeat("x, ", 20) + "\n")
	}
	b.WriteString("  y: z: w\n")
	for range 400 {
		b.WriteString("  " + strings.Repeat("x, ", 20) + "\n")
	}
	b.WriteString("]}\n")
	data := []byte(b.String())
	_, err := yamlDocs(data)
	if err == nil {
		t.Fatal("no syntax error")
	}
	lines := bytes.SplitAfter(data, []byte{'\n'})
	line, parses := faultLine(data, lines, 2, err.Error())
	if line != 1503 {
		t.Errorf("fault at line %d, want 1503", line)
	}
	if parses > 16 {
		t.Errorf("%d parses to find the fault, want at most 16 (bisection)", parses)
	}
	// A small file is still read line by line, as before.
	small := []byte("scenario: x\na: {b: [1, 2,\n  y: z: w\n  ]}\n")
	_, err = yamlDocs(small)
	if line, _ := faultLine(small, bytes.SplitAfter(small, []byte{'\n'}), 2, err.Error()); line != 3 {
		t.Errorf("small file: fault at line %d, want 3", line)
	}
}
