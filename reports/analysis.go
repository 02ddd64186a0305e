package reports

import (
	"fmt"
	"math"
	"strconv"

	"github.com/parley-dev/parley/sim/analysis"
)

// signed prints a difference; one that rounds to zero prints as 0.0000,
// never as -0.0000.
func signed(x float64) string {
	if math.Abs(x) < 0.00005 {
		x = 0
	}
	return strconv.FormatFloat(x, 'f', 4, 64)
}

func stamp(st analysis.Stamp, extra string) string {
	s := fmt.Sprintf("scenario %s · sha256 %s · seed %d · %d iterations · %s", st.Scenario, st.Hash, st.Seed, st.Iterations, extra)
	if st.Ties != "" {
		s += " · ties " + st.Ties
	}
	if st.Partial {
		s += " · PARTIAL"
	}
	return s + " · parley " + st.Version
}

// partialNote warns that an analysis was cut short.
func partialNote(d *Document, st analysis.Stamp) {
	if st.Partial {
		d.Notes = append(d.Notes, fmt.Sprintf("PARTIAL RESULT: only %d of %d worlds were solved.", st.Iterations, st.Requested))
	}
}

func variantName(v string) string {
	if v == "" {
		return "baseline"
	}
	return v
}

// Compare builds the report of a comparison: outcome probabilities per
// variant with the paired difference from the baseline, and the worlds
// whose outcome flipped.
func Compare(c *analysis.Comparison) *Document {
	d := &Document{Provenance: stamp(c.Stamp, "common random numbers")}
	partialNote(d, c.Stamp)
	t := Table{Name: "outcomes", Title: "Outcome probabilities by variant (paired differences from the baseline)",
		Header:    []string{"variant", "outcome", "probability", "ci_low", "ci_high", "diff", "diff_ci_low", "diff_ci_high"},
		Align:     []Align{Left, Left, Right, Right, Right, Right, Right, Right},
		Intervals: []int{3, 6}, IntervalTitles: []string{"95% CI", "paired 95% CI"},
		Optional: []int{3}} // the difference matters more than the variant's own interval
	for _, v := range c.Variants {
		for k, o := range v.Result.Outcomes {
			row := []string{variantName(v.Variant), o.ID, prob(o.Probability), prob(o.Low), prob(o.High), "", "", ""}
			if v.Variant != "" {
				df := v.Diffs[k]
				row[5], row[6], row[7] = signed(df.Diff), signed(df.Low), signed(df.High)
			}
			t.Rows = append(t.Rows, row)
		}
	}
	t.Note = "Every variant is solved on the same sampled worlds, so differences are paired (Newcombe's hybrid score interval)."
	f := Table{Name: "flips", Title: "Worlds whose outcome changed",
		Header:    []string{"variant", "flipped", "ci_low", "ci_high", "most common flips"},
		Align:     []Align{Left, Right, Right, Right, Left},
		Intervals: []int{2}, IntervalTitles: []string{"95% CI"}}
	for _, v := range c.Variants[1:] {
		desc := ""
		for i, fl := range v.Flips {
			if i == 3 {
				desc += ", …"
				break
			}
			if i > 0 {
				desc += ", "
			}
			desc += fmt.Sprintf("%s→%s %s", fl.From, fl.To, prob(fl.Probability))
		}
		f.Rows = append(f.Rows, []string{variantName(v.Variant), prob(v.FlipP), prob(v.FlipLow), prob(v.FlipHigh), desc})
	}
	d.Tables = append(d.Tables, t, f)
	return d
}

// Attribute builds the report of an attribution.
func Attribute(a *analysis.Attribution) *Document {
	d := &Document{Provenance: stamp(a.Stamp, "outcome "+a.Outcome)}
	partialNote(d, a.Stamp)
	t := Table{Name: "factors", Title: fmt.Sprintf("Attribution of the change in P(%s): %s → %s (%s)", a.Outcome, prob(a.Baseline), prob(a.Combined), signed(a.Total.Diff)),
		Header:    []string{"factor", "shapley", "ci_low", "ci_high", "share", "alone", "alone_ci_low", "alone_ci_high"},
		Align:     []Align{Left, Right, Right, Right, Right, Right, Right, Right},
		Intervals: []int{2, 6}, IntervalTitles: []string{"95% CI", "95% CI (alone)"},
		Optional: []int{6, 5}}
	shares := sharesMeaningful(a.Total)
	for _, f := range a.Factors {
		share := ""
		if shares {
			share = strconv.FormatFloat(100*f.Shapley/a.Total.Diff, 'f', 1, 64) + "%"
		}
		t.Rows = append(t.Rows, []string{f.Factor, signed(f.Shapley), signed(f.Low), signed(f.High), share, signed(f.Alone), signed(f.AloneLow), signed(f.AloneHigh)})
	}
	total := ""
	if shares {
		total = "100.0%"
	}
	t.Rows = append(t.Rows, []string{"total", signed(a.Total.Diff), signed(a.Total.Low), signed(a.Total.High), total, "", "", ""})
	t.Note = fmt.Sprintf("Shapley shares add up to the total change. Interaction (total minus the effects alone): %s [%s, %s].",
		signed(a.Interaction), signed(a.InteractionLow), signed(a.InteractionHigh))
	if !shares {
		t.Note += fmt.Sprintf(" No percentage shares: the total change's 95%% interval [%s, %s] contains 0, so the change may be nothing but Monte Carlo noise and a share of it has no meaning; compare the Shapley values themselves, or run more worlds (-n).",
			signed(a.Total.Low), signed(a.Total.High))
	}
	d.Tables = append(d.Tables, t)
	return d
}

// HeaderJSON identifies what an analysis document describes; every
// analysis document starts with it.
type HeaderJSON struct {
	Schema     string `json:"schema"`
	Scenario   string `json:"scenario"`
	Hash       string `json:"hash"`
	Seed       uint64 `json:"seed"`
	Iterations int64  `json:"iterations"`
	Partial    bool   `json:"partial"`
	Version    string `json:"version"`
	Provenance string `json:"provenance"`
	// Overrides lists every --set and --variant applied to the file.
	Overrides Overrides `json:"overrides"`
}

func header(schema string, st analysis.Stamp, provenance string) HeaderJSON {
	return HeaderJSON{Schema: schema, Scenario: st.Scenario, Hash: st.Hash, Seed: st.Seed, Iterations: st.Iterations,
		Partial: st.Partial, Version: st.Version, Provenance: provenance, Overrides: Overrides{}.clean()}
}

// CompareSchema and AttributeSchema name the JSON documents' versions.
const (
	CompareSchema   = "parley.compare/v1"
	AttributeSchema = "parley.attribute/v1"
)

// CompareJSON is the JSON document of a comparison.
type CompareJSON struct {
	HeaderJSON
	Variants []CompareVariantJSON `json:"variants"`
}

// CompareVariantJSON is one variant of a comparison.
type CompareVariantJSON struct {
	Variant      string               `json:"variant"`
	Outcomes     []CompareOutcomeJSON `json:"outcomes"`
	Flipped      Number               `json:"flipped"`
	FlippedCount int64                `json:"flipped_count"`
	FlippedLow   Number               `json:"flipped_ci_low"`
	FlippedHigh  Number               `json:"flipped_ci_high"`
	Flips        []FlipJSON           `json:"flips"`
}

// CompareOutcomeJSON is one outcome of one variant.
type CompareOutcomeJSON struct {
	ID                string `json:"id"`
	Count             int64  `json:"count"`
	Probability       Number `json:"probability"`
	CILow             Number `json:"ci_low"`
	CIHigh            Number `json:"ci_high"`
	Diff              Number `json:"diff"`
	DiffCILow         Number `json:"diff_ci_low"`
	DiffCIHigh        Number `json:"diff_ci_high"`
	UnpairedDiffCILow Number `json:"unpaired_diff_ci_low"`
	UnpairedDiffCIHi  Number `json:"unpaired_diff_ci_high"`
}

// FlipJSON is one kind of flip.
type FlipJSON struct {
	From        string `json:"from"`
	To          string `json:"to"`
	Count       int64  `json:"count"`
	Probability Number `json:"probability"`
}

// CompareDocument builds the JSON document of a comparison.
func CompareDocument(c *analysis.Comparison) *CompareJSON {
	doc := &CompareJSON{HeaderJSON: header(CompareSchema, c.Stamp, Compare(c).Provenance), Variants: []CompareVariantJSON{}}
	for _, v := range c.Variants {
		vj := CompareVariantJSON{Variant: v.Variant, Flipped: Number(v.FlipP), FlippedCount: v.Flipped, FlippedLow: Number(v.FlipLow), FlippedHigh: Number(v.FlipHigh), Flips: []FlipJSON{}}
		for k, o := range v.Result.Outcomes {
			df := v.Diffs[k]
			vj.Outcomes = append(vj.Outcomes, CompareOutcomeJSON{o.ID, o.Count, Number(o.Probability), Number(o.Low), Number(o.High),
				Number(df.Diff), Number(df.Low), Number(df.High), Number(df.UnpairedLow), Number(df.UnpairedHigh)})
		}
		for _, f := range v.Flips {
			vj.Flips = append(vj.Flips, FlipJSON{f.From, f.To, f.Count, Number(f.Probability)})
		}
		doc.Variants = append(doc.Variants, vj)
	}
	return doc
}

// AttributeJSON is the JSON document of an attribution.
type AttributeJSON struct {
	HeaderJSON
	Outcome         string       `json:"outcome"`
	Baseline        Number       `json:"baseline"`
	Combined        Number       `json:"combined"`
	TotalChange     Number       `json:"total_change"`
	TotalCILow      Number       `json:"total_ci_low"`
	TotalCIHigh     Number       `json:"total_ci_high"`
	Factors         []FactorJSON `json:"factors"`
	Interaction     Number       `json:"interaction"`
	InteractionLow  Number       `json:"interaction_ci_low"`
	InteractionHigh Number       `json:"interaction_ci_high"`
}

// FactorJSON is one factor's share.
type FactorJSON struct {
	Factor    string `json:"factor"`
	Shapley   Number `json:"shapley"`
	CILow     Number `json:"ci_low"`
	CIHigh    Number `json:"ci_high"`
	Alone     Number `json:"alone"`
	AloneLow  Number `json:"alone_ci_low"`
	AloneHigh Number `json:"alone_ci_high"`
	// Share is the Shapley value as a fraction of the total change; null
	// when the total's interval contains 0 (see sharesMeaningful).
	Share Number `json:"share"`
}

// sharesMeaningful reports whether a factor's share of the total change
// (Shapley value / total) can be printed: only when the total is
// distinguishable from zero, its 95% interval excluding 0. Near zero a
// share divides by noise and reads as 1028% and −928%.
func sharesMeaningful(total analysis.Diff) bool {
	return total.Diff != 0 && (total.Low > 0 || total.High < 0)
}

// AttributeDocument builds the JSON document of an attribution.
func AttributeDocument(a *analysis.Attribution) *AttributeJSON {
	doc := &AttributeJSON{HeaderJSON: header(AttributeSchema, a.Stamp, Attribute(a).Provenance), Outcome: a.Outcome,
		Baseline: Number(a.Baseline), Combined: Number(a.Combined), TotalChange: Number(a.Total.Diff), TotalCILow: Number(a.Total.Low), TotalCIHigh: Number(a.Total.High),
		Factors: []FactorJSON{}, Interaction: Number(a.Interaction), InteractionLow: Number(a.InteractionLow), InteractionHigh: Number(a.InteractionHigh)}
	for _, f := range a.Factors {
		share := math.NaN()
		if sharesMeaningful(a.Total) {
			share = f.Shapley / a.Total.Diff
		}
		doc.Factors = append(doc.Factors, FactorJSON{f.Factor, Number(f.Shapley), Number(f.Low), Number(f.High), Number(f.Alone), Number(f.AloneLow), Number(f.AloneHigh), Number(share)})
	}
	return doc
}
