package sim

// aForm names a model form with its article, for messages: "a tree", "an
// issues" (model). A vowel sound takes "an".
func aForm(form string) string {
	if form != "" && (form[0] == 'a' || form[0] == 'e' || form[0] == 'i' || form[0] == 'o' || form[0] == 'u') {
		return "an " + form
	}
	return "a " + form
}
