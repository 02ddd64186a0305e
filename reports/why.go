package reports

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/parley-dev/parley/sim/analysis"
)

// pct writes a probability as a percentage with one decimal; n/a for NaN
// (a share of no worlds).
func pct(p float64) string {
	if math.IsNaN(p) {
		return "n/a"
	}
	return strconv.FormatFloat(100*p, 'f', 1, 64) + "%"
}

// probNA is prob, with n/a for a share of no worlds.
func probNA(p float64) string {
	if math.IsNaN(p) {
		return "n/a"
	}
	return prob(p)
}

// whyWhere names the observed worlds in a sentence.
func whyWhere(r *analysis.WhyResult) string {
	if r.Observation.Outcome != "" {
		name := r.Label
		if name == "" {
			name = r.Observation.Outcome
		}
		return "where “" + name + "” happened"
	}
	return "whose " + r.Column + " was “" + r.Observation.Path + "”"
}

// WhySentence reads one factor's (or combination's) numbers in plain
// words.
func WhySentence(r *analysis.WhyResult, c analysis.Cause) string {
	v := strings.Join(c.Factors, "+")
	if c.Observed == 0 {
		return fmt.Sprintf("In none of the %d worlds did it happen: there is nothing for %s to explain.", r.Iterations, v)
	}
	s := fmt.Sprintf("Of the %d worlds %s, %s [%s, %s] would have escaped it under %s: there the factor was necessary.",
		c.Observed, whyWhere(r), pct(c.PN), pct(c.PNLow), pct(c.PNHigh), v)
	if c.Absent > 0 {
		s += fmt.Sprintf(" Of the %d worlds that escape it under %s, the factor brings it about in %s [%s, %s] (sufficient);",
			c.Absent, v, pct(c.PS), pct(c.PSLow), pct(c.PSHigh))
	} else {
		s += fmt.Sprintf(" Under %s it happens in every world, so the factor's sufficiency is not measured;", v)
	}
	return s + fmt.Sprintf(" in %s of all worlds it is both.", pct(c.PNS))
}

// whyRow is a cause's row of the factors and combinations tables.
func whyRow(c analysis.Cause) []string {
	return []string{strings.Join(c.Factors, "+"),
		probNA(c.PN), probNA(c.PNLow), probNA(c.PNHigh),
		probNA(c.PS), probNA(c.PSLow), probNA(c.PSHigh),
		probNA(c.PNS), probNA(c.PNSLow), probNA(c.PNSHigh),
		strconv.FormatInt(c.Flipped, 10), strconv.FormatInt(c.Observed, 10), strconv.FormatInt(c.Absent, 10)}
}

func whyTable(name, title string) Table {
	return Table{Name: name, Title: title,
		Header: []string{"factor", "pn", "pn_ci_low", "pn_ci_high", "ps", "ps_ci_low", "ps_ci_high",
			"pns", "pns_ci_low", "pns_ci_high", "flipped", "worlds", "ps_worlds"},
		Align:          []Align{Left, Right, Right, Right, Right, Right, Right, Right, Right, Right, Right, Right, Right},
		Intervals:      []int{2, 5, 8},
		IntervalTitles: []string{"95% CI", "95% CI", "95% CI"}}
}

// whyDenominators says which worlds each column counts.
const whyDenominators = "PN = flipped / worlds (the worlds where it happened); PS = flipped / ps_worlds (the worlds where it does not happen with the factor removed); PNS = flipped / all worlds. Wilson 95% intervals on those denominators."

// Why builds the report of a why analysis: PN, PS and PNS per factor and
// per combination, the Shapley split of the prevented share, and each
// factor's numbers in words.
func Why(r *analysis.WhyResult) *Document {
	d := &Document{Provenance: stamp(r.Stamp, "observed "+r.Column+" "+r.Observation.String())}
	partialNote(d, r.Stamp)
	what := r.Observation.String()
	if r.Label != "" {
		what += " (" + r.Label + ")"
	}
	head := fmt.Sprintf("Was each factor necessary, sufficient, both? Observed %s %s in %d of %d worlds: %s [%s, %s]",
		r.Column, what, r.Count, r.Iterations, probNA(r.P), probNA(r.Low), probNA(r.High))
	t := whyTable("factors", head)
	words := Table{Name: "words", Title: "In plain words", Header: []string{"factor", "reading"}, Align: []Align{Left, Left}}
	var produced []string
	for _, c := range r.Factors {
		t.Rows = append(t.Rows, whyRow(c))
		words.Rows = append(words.Rows, []string{c.Factors[0], WhySentence(r, c)})
	}
	t.Note = whyDenominators
	d.Tables = append(d.Tables, t)
	if len(r.Combinations) > 0 {
		ct := whyTable("combinations", "Factors removed together")
		for _, c := range r.Combinations {
			ct.Rows = append(ct.Rows, whyRow(c))
		}
		d.Tables = append(d.Tables, ct)
	}
	for _, c := range append(append([]analysis.Cause{}, r.Factors...), r.Combinations...) {
		if c.Produced > 0 {
			produced = append(produced, fmt.Sprintf("%s in %d", strings.Join(c.Factors, "+"), c.Produced))
		}
	}
	if len(produced) > 0 {
		d.Notes = append(d.Notes, "In some worlds removing a factor produces the observation instead of preventing it: "+strings.Join(produced, ", ")+
			" of the worlds. There PN, PS and PNS are not probabilities of causation (Pearl's monotonicity fails); read the flips in parley compare.")
	}
	st := Table{Name: "shapley", Title: fmt.Sprintf("Shapley split of the prevented share: removing every factor prevents it in %s of the worlds where it happened", pct(r.Prevented.PN)),
		Header: []string{"factor", "shapley", "ci_low", "ci_high", "share"}, Align: []Align{Left, Right, Right, Right, Right},
		Intervals: []int{2}, IntervalTitles: []string{"95% CI"}}
	for _, c := range r.Factors {
		share := ""
		if r.Prevented.PN > 0 {
			share = pct(c.Shapley / r.Prevented.PN)
		}
		st.Rows = append(st.Rows, []string{c.Factors[0], probNA(c.Shapley), probNA(c.ShapleyLow), probNA(c.ShapleyHigh), share})
	}
	st.Rows = append(st.Rows, []string{"total", probNA(r.Prevented.PN), probNA(r.Prevented.PNLow), probNA(r.Prevented.PNHigh), "100.0%"})
	st.Note = "Each factor's average marginal part, over every order of removing the factors, in the worlds where it happened; the parts add up to the total (intervals: normal, from the per-world parts; the total's: Wilson)."
	d.Tables = append(d.Tables, st, words)
	return d
}

// WhySchema names the why JSON document's version.
const WhySchema = "parley.why/v1"

// WhyJSON is the JSON document of a why analysis.
type WhyJSON struct {
	HeaderJSON
	Observed      string      `json:"observed"`
	ObservedKind  string      `json:"observed_kind"` // "outcome", or the first tally's column ("path", "package", "profile")
	ObservedLabel string      `json:"observed_label,omitempty"`
	ObservedCount int64       `json:"observed_count"`
	Probability   Number      `json:"probability"`
	CILow         Number      `json:"ci_low"`
	CIHigh        Number      `json:"ci_high"`
	Factors       []CauseJSON `json:"factors"`
	Combinations  []CauseJSON `json:"combinations"`
	Prevented     Number      `json:"prevented"`
}

// CauseJSON is one factor's, or one combination's, numbers.
type CauseJSON struct {
	Factor      string   `json:"factor"` // the variants joined by "+"
	Factors     []string `json:"factors"`
	PN          Number   `json:"pn"`
	PNLow       Number   `json:"pn_ci_low"`
	PNHigh      Number   `json:"pn_ci_high"`
	PS          Number   `json:"ps"`
	PSLow       Number   `json:"ps_ci_low"`
	PSHigh      Number   `json:"ps_ci_high"`
	PNS         Number   `json:"pns"`
	PNSLow      Number   `json:"pns_ci_low"`
	PNSHigh     Number   `json:"pns_ci_high"`
	Worlds      int64    `json:"worlds"`
	PSWorlds    int64    `json:"ps_worlds"`
	Flipped     int64    `json:"flipped"`
	Produced    int64    `json:"produced"`
	Without     Number   `json:"without"`
	WithoutLow  Number   `json:"without_ci_low"`
	WithoutHigh Number   `json:"without_ci_high"`
	Shapley     *Number  `json:"shapley,omitempty"`
	ShapleyLow  *Number  `json:"shapley_ci_low,omitempty"`
	ShapleyHigh *Number  `json:"shapley_ci_high,omitempty"`
	Sentence    string   `json:"sentence,omitempty"`
}

func causeJSON(c analysis.Cause) CauseJSON {
	return CauseJSON{Factor: strings.Join(c.Factors, "+"), Factors: c.Factors,
		PN: Number(c.PN), PNLow: Number(c.PNLow), PNHigh: Number(c.PNHigh),
		PS: Number(c.PS), PSLow: Number(c.PSLow), PSHigh: Number(c.PSHigh),
		PNS: Number(c.PNS), PNSLow: Number(c.PNSLow), PNSHigh: Number(c.PNSHigh),
		Worlds: c.Observed, PSWorlds: c.Absent, Flipped: c.Flipped, Produced: c.Produced,
		Without: Number(c.Without), WithoutLow: Number(c.WithoutLow), WithoutHigh: Number(c.WithoutHigh)}
}

// WhyDocument builds the JSON document.
func WhyDocument(r *analysis.WhyResult) *WhyJSON {
	doc := &WhyJSON{HeaderJSON: header(WhySchema, r.Stamp, Why(r).Provenance), Observed: r.Observation.String(), ObservedKind: r.Column,
		ObservedLabel: r.Label, ObservedCount: r.Count, Probability: Number(r.P), CILow: Number(r.Low), CIHigh: Number(r.High),
		Factors: []CauseJSON{}, Combinations: []CauseJSON{}, Prevented: Number(r.Prevented.PN)}
	for _, c := range r.Factors {
		cj := causeJSON(c)
		sh, lo, hi := Number(c.Shapley), Number(c.ShapleyLow), Number(c.ShapleyHigh)
		cj.Shapley, cj.ShapleyLow, cj.ShapleyHigh = &sh, &lo, &hi
		cj.Sentence = WhySentence(r, c)
		doc.Factors = append(doc.Factors, cj)
	}
	for _, c := range r.Combinations {
		doc.Combinations = append(doc.Combinations, causeJSON(c))
	}
	return doc
}
