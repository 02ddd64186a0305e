package calc

import "testing"

// TestParseMessages checks that the parser's errors read as advice on the
// formula: "unexpected token EOF" and `unexpected token Operator("=")`
// told a new user nothing.
func TestParseMessages(t *testing.T) {
	lookup, names := testLookup("a", "b")
	tests := []struct {
		src  string
		want string
		at   int
	}{
		{"1 +", `invalid expression: missing operand: the expression ends after "+", where a value should follow`, 2},
		{"max(a, b) *", `invalid expression: missing operand: the expression ends after "*", where a value should follow`, 10},
		{"-", `invalid expression: missing operand: the expression ends after "-", where a value should follow`, 0},
		{"a = 3", "invalid expression: use == to compare (a single = is not an operator in an expression)", 2},
		{"a =< b", "invalid expression: use <= to compare (=< is not an operator)", 2},
		{"a => b", "invalid expression: use >= to compare (=> is not an operator)", 2},
		{"a ? b", "invalid expression: the conditional is missing its : part (write cond ? a : b)", 4},
		{"1 + * 2", "invalid expression: missing operand before *", 4},
		{"a & b", "invalid expression: use and (or &&) for logic; a single & is not an operator", 2},
		{"max(a b)", "invalid expression: missing operator before b (or a comma, between a function's arguments)", 6},
		{"a 3", "invalid expression: missing operator before 3 (or a comma, between a function's arguments)", 2},
	}
	for _, tt := range tests {
		_, errs := Compile(tt.src, lookup, names)
		if len(errs) != 1 {
			t.Errorf("%q: %d errors %v, want 1", tt.src, len(errs), errs)
			continue
		}
		if errs[0].Msg != tt.want || errs[0].Offset != tt.at {
			t.Errorf("%q: error at %d %q,\nwant at %d %q", tt.src, errs[0].Offset, errs[0].Msg, tt.at, tt.want)
		}
	}
}

// TestParseMessageUnknown keeps a message it does not recognise.
func TestParseMessageUnknown(t *testing.T) {
	for _, msg := range []string{"something else", `unexpected token String("x")`} {
		if got := parseMessage("x", 0, msg); got != msg {
			t.Errorf("parseMessage(%q) = %q, want it unchanged", msg, got)
		}
	}
}
