package scenarios_test

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios"
)

// endless yields the same byte forever, as /dev/zero does.
type endless byte

func (e endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(e)
	}
	return len(p), nil
}

func TestReadLimitedStopsAtTheLimit(t *testing.T) {
	_, err := scenarios.ReadLimited("zero", endless(0), 1000, "scenario files")
	var big *scenarios.TooLargeError
	if !errors.As(err, &big) || err.Error() != "zero: larger than the 1000-byte limit for scenario files" {
		t.Fatalf("got %v, want a TooLargeError naming the limit", err)
	}
	data, err := scenarios.ReadLimited("small", io.LimitReader(endless('a'), 1000), 1000, "scenario files")
	if err != nil || len(data) != 1000 {
		t.Fatalf("a file of exactly the limit: got %d bytes, %v", len(data), err)
	}
}

func TestLoadRefusesAnEndlessFile(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero here")
	}
	_, err := scenarios.Load("/dev/zero", scenarios.Options{})
	if err == nil || err.Error() != "/dev/zero: larger than the 8 MiB limit for scenario files" {
		t.Fatalf("got %v, want the 8 MiB limit", err)
	}
}

func TestGambitGameGivenAsAScenario(t *testing.T) {
	for _, tc := range []struct{ file, data, want string }{
		{"game.nfg", "NFG 1 R \"Matching pennies\" { \"1\" \"2\" } { 2 2 }\n\n1 -1 -1 1 -1 1 1 -1\n",
			"game.nfg:1:1: expected a scenario, found what looks like a Gambit game (NFG...): use parley solve game.nfg"},
		{"tree.efg", "\nEFG 2 R \"x\" { \"1\" }\nt \"\" 1 \"o\" { 1 }\n",
			"tree.efg:2:1: expected a scenario, found what looks like a Gambit game (EFG...): use parley solve tree.efg"},
	} {
		_, err := scenarios.Parse(tc.file, []byte(tc.data), scenarios.Options{})
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: got %v, want %s", tc.file, err, tc.want)
		}
	}
}

func TestErrorsQuoteAnExcerpt(t *testing.T) {
	_, err := scenarios.Parse("long.yaml", []byte(strings.Repeat("x", 1_300_000)), scenarios.Options{})
	if err == nil || len(err.Error()) > 200 || !strings.Contains(err.Error(), "…") {
		t.Errorf("got an error of %d bytes, want a short excerpt", len(fmt.Sprint(err)))
	}
}

func TestErrorsEscapeControlCharacters(t *testing.T) {
	e := &scenarios.Error{File: "a\x1b[2J.yaml", Line: 1, Col: 1, Path: "x\ry", Err: errors.New("found \u202eevil")}
	want := `a\x1b[2J.yaml:1:1: x\ry: found \u202eevil`
	if got := e.Error(); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestNamesAndTextAtLoad(t *testing.T) {
	for _, tc := range []struct{ name, yaml, want string }{
		{"party name with escape", "parties: {a: \"A\\e[31m\"}", `parties.a: expected text without control characters, found U+001B (escape) at character 2`},
		{"outcome id with escape", "outcomes: {\"o\\e[2J\": O}", `expected text without control characters, found U+001B (escape) at character 2`},
		{"doc with line breaks", "parties: {a: {name: A, doc: \"one\\ntwo\\tthree\"}}", ""},
		{"variant name with space", "parameters: {x: 1}\nvariants: {\"a b\": {set: {x: 2}}}", `variant name "a b" must be letters, digits and _ (not starting with a digit); did you mean "a_b"?`},
		{"scenario id with space", "scenario: a b", `scenario: expected a scenario id of letters, digits, _ and -`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			base := map[string]string{"scenario": "scenario: x", "parties": "parties: {a: A}", "outcomes": "outcomes: {o: O}"}
			var lines []string
			for _, key := range []string{"scenario", "parties", "outcomes"} {
				if !strings.Contains(tc.yaml, key+":") {
					lines = append(lines, base[key])
				}
			}
			data := strings.Join(lines, "\n") + "\n" + tc.yaml + "\nmodel: {tree: {outcome: o, payoff: {a: 1}}}\n"
			_, err := scenarios.Parse("x.yaml", []byte(data), scenarios.Options{})
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("got %v, want no error", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Errorf("got %v, want %s", err, tc.want)
			}
		})
	}
}

// TestDeeplyNestedExpression: a megabyte of "(" made the expression
// parser overflow the stack, a crash no recover catches.
func TestDeeplyNestedExpression(t *testing.T) {
	n := 1_000_000
	data := "format: 1\nscenario: x\nparties: {a: A}\noutcomes: {o: O}\nmodel: {tree: {outcome: o, payoff: {a: \"" +
		strings.Repeat("(", n) + "1" + strings.Repeat(")", n) + "\"}}}\n"
	_, err := scenarios.Parse("x.yaml", []byte(data), scenarios.Options{})
	want := "x.yaml:5:40: model.tree.payoff.a: expected an expression of at most 10000 characters, found 2000001 (split it into derived values)"
	if err == nil || err.Error() != want {
		t.Fatalf("got %v, want %s", err, want)
	}
}
