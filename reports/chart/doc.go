// Package chart draws Parley's results as charts with gonum/plot.
//
// Every chart is built in two steps. A builder (Outcomes, Payoffs,
// Differences, Attribution, Tornado, Sweep) turns a result into Data: the
// numbers the chart draws, its title, axis labels and the provenance
// stamp as its caption. Write then draws Data as SVG, PNG or PDF. Tests
// compare Data with the tables of package reports, so a chart never shows
// a number its table does not.
//
// Charts are meant to be read in black and white: each series has its own
// marker shape and line dash as well as its own colour (from the
// Okabe–Ito palette, which readers with colour-vision deficiencies can
// tell apart), and every interval is drawn as whiskers.
package chart
