package scenarios

import (
	"regexp"
	"testing"
	"unicode/utf8"

	"github.com/parley-dev/parley/sim/safetext"
)

// TestSchemaTextPatterns checks that the schema's patterns for text
// refuse exactly the characters the decoder refuses.
func TestSchemaTextPatterns(t *testing.T) {
	for _, tt := range []struct {
		pattern string
		breaks  bool
	}{{safeText, false}, {safeFreeText, true}} {
		re := regexp.MustCompile(tt.pattern)
		for r := rune(0); r <= utf8.MaxRune; r++ {
			// Every character the decoder refuses is below U+3000; past
			// it, a sample keeps the test quick under -race.
			if !utf8.ValidRune(r) || r > 0x3000 && r%251 != 0 && r != utf8.MaxRune {
				continue
			}
			s := "a" + string(r) + "b"
			_, bad := safetext.BadRune(s, tt.breaks)
			if re.MatchString(s) != (bad < 0) {
				t.Errorf("breaks %v: %U: the pattern matches %v, the decoder accepts %v", tt.breaks, r, re.MatchString(s), bad < 0)
			}
		}
	}
}

// TestKeyTablesAreDistinct checks that no table lists a key twice.
func TestKeyTablesAreDistinct(t *testing.T) {
	for _, d := range []*def{scenarioDef, partyDef, outcomeDef, derivedDef, variantDef, categoricalDef, modelDef,
		nodeDef, issueDef, utilityDef, demandDef, constraintDef, issuesDef, profileDef, matrixDef} {
		seen := map[string]bool{}
		for _, k := range d.keys() {
			if seen[k] {
				t.Errorf("%s lists %s twice", d.name, k)
			}
			seen[k] = true
		}
		for _, f := range d.forms {
			for _, k := range append(f.keys, f.optional...) {
				if !seen[k] {
					t.Errorf("%s: form %s names %s, not one of its keys", d.name, f.name, k)
				}
			}
		}
	}
}

// TestFreeTextKeys checks that the keys the table calls free text are
// those the decoder lets hold line breaks and tabs.
func TestFreeTextKeys(t *testing.T) {
	seen := map[*def]bool{}
	var walk func(d *def)
	walk = func(d *def) {
		if d == nil || seen[d] {
			return
		}
		seen[d] = true
		for _, f := range d.fields {
			if (f.def.shape == shFreeText) != freeText("x."+f.key) {
				t.Errorf("%s.%s: the table says free text %v, the decoder %v", d.name, f.key, f.def.shape == shFreeText, freeText("x."+f.key))
			}
			walk(f.def)
		}
		walk(d.elem)
		for _, a := range d.alts {
			walk(a)
		}
	}
	walk(scenarioDef)
	walk(nodeDef)
	if !seen[docField.def] || !seen[issuesDef] || !seen[matrixDef] {
		t.Errorf("the walk missed parts of the table")
	}
}
