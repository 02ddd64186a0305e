// Package htmlreport writes a scenario's results as one self-contained
// HTML page: the scenario (parties, parameters), the run (outcome and
// payoff charts, the model's tallies) and the what-if analyses
// (comparison, attribution, sensitivity, sweeps), every table and chart
// with its provenance stamp, and the command that reproduces the page.
//
// The page needs nothing but itself: its style is inline, its charts are
// inline SVG drawn by package chart, it runs no script and loads nothing
// (its Content-Security-Policy forbids it), so that it opens from a USB
// stick or as a mail attachment, prints on A4 or Letter and reads on a
// phone. Charts carry <title> and <desc> text alternatives, tables a
// <caption> and header cells, and colour is never a chart's only cue.
package htmlreport
