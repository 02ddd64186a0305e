package scenarios_test

import (
	"context"
	"strings"
	"testing"

	"github.com/parley-dev/parley/scenarios"
	"github.com/parley-dev/parley/sim"
)

// contradictory is a valid issues scenario whose demands no package can
// satisfy together: the buyer insists on the low price, the seller on the
// high one. Contradictory demands are not a load error — whether they bind
// is what a run finds out — so the run's blocker table must say what
// stopped the deal. EXTRA is replaced by further constraints, or nothing.
const contradictory = `# Two demands that no package satisfies together.
format: 1
scenario: contradictory-demands
parties:
  buyer: Buyer
  seller: Seller
  regulator: Price regulator
parameters:
  buyer_firm: 1
outcomes:
  deal: Contract signed
  none: No contract
variants:
  buyer_gives_way:
    doc: the buyer drops its price demand
    drop: [buyer_low_price]
model:
  issues:
    parties: [buyer, seller]
    issues:
      price: [low, mid, high]
      delivery: [fast, slow]
    utility:
      buyer:
        values:
          price: {low: 2, mid: 1, high: 0.5}
          delivery: {fast: 1, slow: 0}
      seller:
        values:
          price: {low: 0.5, mid: 1, high: 2}
          delivery: {fast: 0, slow: 1}
    batna: {buyer: 0.5, seller: 0.5}
    demands:
      buyer_low_price:
        party: buyer
        require: price == "low"
        firm: buyer_firm
      seller_high_price:
        party: seller
        require: price == "high"
EXTRA
    deal: deal
    no_deal: none
`

// regulated adds a hard constraint that allows only the middle price, so
// every pair of the three excludes the other: no single removal helps.
const regulated = `    constraints:
      price_cap:
        party: seller
        forbid: price != "mid"
        imposed_by: regulator
`

func blockerRun(t *testing.T, src, variant string, sets ...string) *sim.Result {
	t.Helper()
	s, err := scenarios.Parse("contradictory.yaml", []byte(src), scenarios.Options{Sets: sets})
	if err != nil {
		t.Fatalf("contradictory demands must load: %v", err)
	}
	if variant != "" {
		if s, err = s.WithVariant(variant); err != nil {
			t.Fatal(err)
		}
	}
	r, err := sim.Run(context.Background(), s, sim.Options{Iterations: 2000, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// counts returns the outcome counts and the blocker table by label.
func counts(t *testing.T, r *sim.Result) (map[string]int64, map[string]int64) {
	t.Helper()
	outcomes := map[string]int64{}
	for _, o := range r.Outcomes {
		outcomes[o.ID] = o.Count
	}
	var blockers map[string]int64
	for _, tally := range r.Tallies {
		if tally.Name != "blockers" {
			continue
		}
		blockers = map[string]int64{}
		for _, row := range tally.Rows {
			blockers[row.Label] = row.Count
		}
	}
	if blockers == nil {
		t.Fatalf("no blockers tally in %+v", r.Tallies)
	}
	return outcomes, blockers
}

func checkBlockers(t *testing.T, got, want map[string]int64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("blocker rows %v, want %v", got, want)
	}
	for label, n := range want {
		if c, ok := got[label]; !ok || c != n {
			t.Errorf("blocker %q counted %d times (present %v), want %d; table %v", label, c, ok, n, got)
		}
	}
}

// TestContradictoryDemandsBlockEach: with two demands that exclude each
// other, removing either alone would leave a package both sides accept,
// so the table names each demand in every world, and neither "no ZOPA"
// nor "only several demands/constraints together".
func TestContradictoryDemandsBlockEach(t *testing.T) {
	src := strings.Replace(contradictory, "EXTRA\n", "", 1)
	r := blockerRun(t, src, "")
	outcomes, blockers := counts(t, r)
	if outcomes["deal"] != 0 || outcomes["none"] != r.Iterations {
		t.Fatalf("outcomes %v, want no deal in all %d worlds", outcomes, r.Iterations)
	}
	checkBlockers(t, blockers, map[string]int64{
		"demand buyer_low_price (buyer)":                  r.Iterations,
		"demand seller_high_price (seller)":               r.Iterations,
		"no ZOPA: no package beats every walk-away value": 0,
		"only several demands/constraints together":       0,
	})

	// Dropping one of them leaves the other's package: a deal in every world.
	r = blockerRun(t, src, "buyer_gives_way")
	if outcomes, _ := counts(t, r); outcomes["deal"] != r.Iterations {
		t.Errorf("without the buyer's demand: outcomes %v, want a deal in all %d worlds", outcomes, r.Iterations)
	}
}

// TestContradictoryDemandsSometimesFirm: when the buyer's demand is firm
// in only some worlds, exactly those worlds end without a deal, and each
// of them counts both demands.
func TestContradictoryDemandsSometimesFirm(t *testing.T) {
	src := strings.Replace(contradictory, "EXTRA\n", "", 1)
	r := blockerRun(t, src, "", "parameters.buyer_firm=0.5")
	outcomes, blockers := counts(t, r)
	none := outcomes["none"]
	if none == 0 || none == r.Iterations || outcomes["deal"]+none != r.Iterations {
		t.Fatalf("outcomes %v: want a deal in some of %d worlds, not all", outcomes, r.Iterations)
	}
	checkBlockers(t, blockers, map[string]int64{
		"demand buyer_low_price (buyer)":                  none,
		"demand seller_high_price (seller)":               none,
		"no ZOPA: no package beats every walk-away value": 0,
		"only several demands/constraints together":       0,
	})
}

// TestContradictionOnlyTogether: three requirements that pairwise exclude
// each other (low price, high price, a regulated middle price). Removing
// any one leaves two that still conflict, so no single item is a blocker:
// the table must put every world under "only several demands/constraints
// together".
func TestContradictionOnlyTogether(t *testing.T) {
	src := strings.Replace(contradictory, "EXTRA\n", regulated, 1)
	r := blockerRun(t, src, "")
	outcomes, blockers := counts(t, r)
	if outcomes["none"] != r.Iterations {
		t.Fatalf("outcomes %v, want no deal in all %d worlds", outcomes, r.Iterations)
	}
	checkBlockers(t, blockers, map[string]int64{
		"demand buyer_low_price (buyer)":                           0,
		"demand seller_high_price (seller)":                        0,
		"hard constraint price_cap (seller, imposed by regulator)": 0,
		"no ZOPA: no package beats every walk-away value":          0,
		"only several demands/constraints together":                r.Iterations,
	})
}
