package ktab_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios/anchortest"
	"github.com/parley-dev/parley/scenarios/ktab"
	"github.com/parley-dev/parley/sim/spatial"
)

// ktabInputs returns shared/anchors/ktab/inputs (see anchortest.Dir).
func ktabInputs(tb testing.TB) string {
	tb.Helper()
	return filepath.Join(anchortest.Dir(tb, anchortest.KTABSet), "inputs")
}

// TestReadInputs reads every KTAB example file and checks what its lines
// say: the counts of its case line, and known first actors.
func TestReadInputs(t *testing.T) {
	dir := ktabInputs(t)
	tests := []struct {
		file         string
		name         string
		actors, dims int
		dim0         string
		first        spatial.Actor
	}{
		{"SOE-Competitive.csv", "China Competitive; scen 1", 34, 1, "Competitive Position",
			spatial.Actor{Name: "XJ", Description: "Xi Jinping", Capability: 100, Position: []float64{20}, Salience: []float64{60}}},
		{"SOE-Pol-Comp.csv", "China Policy/Competitive; scen 2", 13, 2, "Policy Position",
			spatial.Actor{Name: "XJ", Description: "Xi Jinping", Capability: 100, Position: []float64{30, 20}, Salience: []float64{24, 48}}},
		{"SOE-Policy.csv", "China Policy; scen 0", 26, 1, "Policy Position",
			spatial.Actor{Name: "XJ", Description: "Xi Jinping", Capability: 100, Position: []float64{30}, Salience: []float64{30}}},
		{"dummyData-a040.csv", "XYZ", 40, 1, "XYZ Position",
			spatial.Actor{Name: "Act-1001", Description: "Desc-1001", Capability: 1.73, Position: []float64{63.03}, Salience: []float64{43.31}}},
		{"dummyData-a080.csv", "XYZ", 80, 1, "XYZ Position",
			spatial.Actor{Name: "Act-1001", Description: "Desc-1001", Capability: 1.73, Position: []float64{63.03}, Salience: []float64{43.31}}},
		{"dummyData_3Dim.csv", "DummyData_3Dim", 7, 3, "Pstn1",
			spatial.Actor{Name: "SActor-00", Description: "Random Spatial Actor", Capability: 102.543,
				Position: []float64{75.79, 6.37, 70.45}, Salience: []float64{49.53, 5.91, 28.15}}},
		{"dummyData_6Dim.csv", "Combined", 27, 6, "Dim0 Position",
			spatial.Actor{Name: "AA00", Description: "Actor 00", Capability: 99.98,
				Position: []float64{50, 62.5, 62.5, 100, 75, 80}, Salience: []float64{8, 10, 8, 27.99, 27.99, 18}}},
	}
	entries, err := filepath.Glob(filepath.Join(dir, "*.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(tests) {
		t.Errorf("%d CSV files in %s, the test knows %d", len(entries), dir, len(tests))
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			c := readFile(t, filepath.Join(dir, tt.file))
			if c.Name != tt.name || len(c.Actors) != tt.actors || len(c.Dimensions) != tt.dims || c.Dimensions[0] != tt.dim0 {
				t.Errorf("got %q, %d actors, dimensions %q; want %q, %d, %d starting %q",
					c.Name, len(c.Actors), c.Dimensions, tt.name, tt.actors, tt.dims, tt.dim0)
			}
			if !reflect.DeepEqual(c.Actors[0], tt.first) {
				t.Errorf("first actor %+v, want %+v", c.Actors[0], tt.first)
			}
		})
	}
}

func readFile(t *testing.T, path string) *ktab.Case {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := ktab.Read(filepath.Base(path), f)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

const header = "Actor,Description,Power,P1,S1,P2,S2\n"

// TestRead checks small files: quoting, blanks, trailing commas, a BOM,
// CRLF line ends.
func TestRead(t *testing.T) {
	src := "\uFEFF\"Case, one\", \"A \"\"quoted\"\" case\",3,2,0,,\r\n" +
		header +
		"A, first ,10,0,50,100,50,\r\n" +
		"B,,20.5,50,10,50,0\r\n" +
		"\"C, the third\",x,1e1,100,0,0,100,,,\r\n"
	c, err := ktab.Read("t.csv", strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	want := &ktab.Case{
		Name: "Case, one", Description: `A "quoted" case`, Dimensions: []string{"P1", "P2"},
		Actors: []spatial.Actor{
			{Name: "A", Description: "first", Capability: 10, Position: []float64{0, 100}, Salience: []float64{50, 50}},
			{Name: "B", Capability: 20.5, Position: []float64{50, 50}, Salience: []float64{10, 0}},
			{Name: "C, the third", Description: "x", Capability: 10, Position: []float64{100, 0}, Salience: []float64{0, 100}},
		},
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got %+v\nwant %+v", c, want)
	}
}

// TestReadErrors: every problem is reported at file:line:col, with what
// was expected and what was found.
func TestReadErrors(t *testing.T) {
	ok3 := "A,,1,10,10,10,10\nB,,1,20,10,20,10\nC,,1,30,10,30,10\n"
	tests := []struct {
		name string
		src  string
		want []string // the errors, in order
	}{
		{"empty", "", []string{"e.csv:1:1: syntax error: expected the case line (name, description, actors, dimensions), found an empty file"}},
		{"no header", "n,d,3,2\n", []string{"e.csv:2:1: syntax error: expected the header line"}},
		{"short case line", "n,d\n" + header + ok3, []string{
			"e.csv:1:4: syntax error: expected the number of actors (a whole number), found end of line",
			"e.csv:1:4: syntax error: expected the number of dimensions (a whole number), found end of line"}},
		{"bad counts", "n,d,two,0\n" + header + ok3, []string{
			`e.csv:1:5: syntax error: expected the number of actors (a whole number), found "two"`,
			"e.csv:1:9: invalid KTAB case: expected at least 1 dimension, found 0"}},
		{"too few actors", "n,d,2,2\n" + header + ok3, []string{
			"e.csv:1:5: invalid KTAB case: expected 3 to 250 actors, found 2"}},
		{"short header", "n,d,3,2\nActor,Description,Power,P1,S1\n" + ok3, []string{
			"e.csv:2:30: syntax error: expected the title of dimension 2's position column, found end of line"}},
		{"long header", "n,d,3,1\n" + header + "A,,1,10,10\nB,,1,20,10\nC,,1,30,10\n", []string{
			`e.csv:2:31: syntax error: expected end of line (1 dimensions), found "P2"`}},
		{"bad values", "n,d,3,2\n" + header + "A,,0,10,10,10,10\nB,,1,200,10,x,10\nC,,1,30,-1,30,60\n", []string{
			"e.csv:3:4: invalid KTAB case: capability: expected a number > 0 and at most 1e+08, found 0",
			"e.csv:4:6: invalid KTAB case: position on dimension 1: expected 0 to 100, found 200",
			`e.csv:4:13: syntax error: expected the position on dimension 2 (a number), found "x"`,
			"e.csv:5:9: invalid KTAB case: salience on dimension 1: expected 0 to 100, found -1"}},
		{"salience total", "n,d,3,2\n" + header + "A,,1,10,60,10,41\nB,,1,20,0,20,0\n C,,1,30,10,30,10\n", []string{
			"e.csv:3:15: invalid KTAB case: the actor's saliences sum to 101: expected more than 0 and at most 100",
			"e.csv:4:14: invalid KTAB case: the actor's saliences sum to 0: expected more than 0 and at most 100"}},
		{"missing field", "n,d,3,2\n" + header + "A,,1,10,10,10\n" + ok3[17:], []string{
			"e.csv:3:14: syntax error: expected the salience on dimension 2 (a number), found end of line"}},
		{"extra field", "n,d,3,2\n" + header + "A,,1,10,10,10,10,7\n" + ok3[17:], []string{
			`e.csv:3:18: syntax error: expected end of line (2 dimensions), found "7"`}},
		{"blanks", "n,d,3,2\n" + header + "A,,1,  x,10,10,10\n" + ok3[17:], []string{
			`e.csv:3:8: syntax error: expected the position on dimension 1 (a number), found "x"`}},
		{"duplicate", "n,d,3,2\n" + header + "A,,1,10,10,10,10\nA,,1,20,10,20,10\nC,,1,30,10,30,10\n", []string{
			`e.csv:4:1: invalid KTAB case: actor "A" already named at line 3`}},
		{"too many actors", "n,d,3,2\n" + header + ok3 + "D,,1,1,1,1,1\n", []string{
			`e.csv:6:1: syntax error: expected end of file (the case declares 3 actors), found "D"`}},
		{"too few rows", "n,d,4,2\n" + header + ok3, []string{
			"e.csv:6:1: syntax error: expected 4 actors as the case line declares, found 3 and end of file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ktab.Read("e.csv", strings.NewReader(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			got := strings.Split(err.Error(), "\n")
			if len(got) != len(tt.want) {
				t.Fatalf("got %d errors, want %d:\n%v", len(got), len(tt.want), err)
			}
			for i := range got {
				if !strings.HasPrefix(got[i], tt.want[i]) {
					t.Errorf("error %d:\n got %s\nwant %s", i, got[i], tt.want[i])
				}
			}
			var pe *ktab.ParseError
			if !errors.As(err, &pe) {
				t.Errorf("%T is not a *ParseError", err)
			}
		})
	}
}

func TestReadTooLarge(t *testing.T) {
	src := strings.Repeat(" ", ktab.MaxInputSize+1)
	_, err := ktab.Read("big.csv", strings.NewReader(src))
	if !errors.Is(err, ktab.ErrTooLarge) {
		t.Errorf("got %v, want ErrTooLarge", err)
	}
}

// TestReadErrorLimit: a file full of errors stops at a bounded list.
func TestReadErrorLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("n,d,250,1\nActor,Description,Power,P,S\n")
	for i := range 250 {
		fmt.Fprintf(&b, "A%d,,x,1,1\n", i)
	}
	_, err := ktab.Read("e.csv", strings.NewReader(b.String()))
	var l ktab.ErrorList
	if !errors.As(err, &l) || len(l) != 20 {
		t.Errorf("got %d errors, want the limit of 20: %v", len(l), err)
	}
}

// TestReadMissingAnchors: TestReadInputs fails under CI=true without the
// anchors, and is skipped with a message elsewhere.
func TestReadMissingAnchors(t *testing.T) {
	anchortest.CheckMissingOf(t, "TestReadInputs", anchortest.KTABSet)
}
