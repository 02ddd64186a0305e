package calc

// IsName reports whether s can name a value in expressions: ASCII letters,
// digits and _, not starting with a digit.
func IsName(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		letter := c == '_' || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z')
		if !letter && (i == 0 || c < '0' || c > '9') {
			return false
		}
	}
	return true
}

// Reserved reports whether name is a word the expression grammar gives a
// meaning of its own, so it cannot name a value.
func Reserved(name string) bool {
	switch name {
	case "true", "false", "nil", "and", "or", "not", "in", "matches", "contains",
		"startsWith", "endsWith", "let", "if", "else":
		return true
	}
	return false
}
