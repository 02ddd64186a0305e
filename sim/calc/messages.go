package calc

import (
	"fmt"
	"strings"
)

// parseMessage rewords an error of the expression parser for someone who
// writes formulas, not parsers: "unexpected token EOF" says that an
// operand is missing, a lone "=" that comparison is "==". src is the
// expression and at the error's offset in it, in characters; a message
// it does not recognise is returned as it is.
func parseMessage(src string, at int, msg string) string {
	token, ok := strings.CutPrefix(msg, "unexpected token ")
	if !ok {
		return msg
	}
	runes := []rune(src)
	at = min(max(at, 0), len(runes))
	before := strings.TrimSpace(string(runes[:at]))
	after := string(runes[at:])
	switch {
	case token == "EOF":
		if strings.Contains(before, "?") && !strings.Contains(before[strings.LastIndex(before, "?"):], ":") {
			return "the conditional is missing its : part (write cond ? a : b)"
		}
		if last := lastRune(strings.TrimSpace(src)); last != 0 && strings.ContainsRune("+-*/%^<>=!&|,(?:", last) {
			return fmt.Sprintf("missing operand: the expression ends after %q, where a value should follow", string(last))
		}
		return "missing operand: the expression ends where a value should follow"
	case token == `Operator("=")`:
		switch {
		case strings.HasPrefix(after, "=<"):
			return "use <= to compare (=< is not an operator)"
		case strings.HasPrefix(after, "=>"):
			return "use >= to compare (=> is not an operator)"
		}
		return "use == to compare (a single = is not an operator in an expression)"
	case token == `Operator("&")`:
		return "use and (or &&) for logic; a single & is not an operator"
	case strings.HasPrefix(token, "Operator("):
		op := strings.TrimSuffix(strings.TrimPrefix(token, `Operator("`), `")`)
		return fmt.Sprintf("missing operand before %s", op)
	case strings.HasPrefix(token, "Identifier(") || strings.HasPrefix(token, "Number("):
		what := strings.TrimSuffix(token[strings.IndexByte(token, '(')+1:], ")")
		return fmt.Sprintf("missing operator before %s (or a comma, between a function's arguments)", strings.Trim(what, `"`))
	case token == `Bracket(")")` && (before == "" || strings.HasSuffix(before, "(") || strings.HasSuffix(before, ",")):
		return "missing operand before )"
	}
	return msg
}

// lastRune is the last character of s, 0 for an empty s.
func lastRune(s string) rune {
	r := []rune(s)
	if len(r) == 0 {
		return 0
	}
	return r[len(r)-1]
}
