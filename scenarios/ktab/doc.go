// Package ktab reads the scenario files of KTAB, the KAPSARC Toolkit for
// Behavioral Analysis, whose spatial model of politics (SMP) Parley runs
// as sim/spatial.SMP.
//
// A KTAB CSV file has a line naming the case (name, description, number
// of actors, number of dimensions), a header line (Actor, Description,
// the capability column's title, then a position and a salience column
// per dimension; the position columns' titles name the dimensions), and
// one line per actor: name, description, capability, then position and
// salience per dimension, on 0–100. Fields are trimmed of blanks and may
// be double-quoted; trailing empty fields are allowed.
//
// Read checks what KTAB's own reader checks (counts, positions and
// saliences within 0–100, each actor's saliences summing to at most 100)
// and what KTAB's model would otherwise fail on later (a capability that
// is not positive, saliences that are all zero), and reports every
// problem at its file:line:col.
package ktab
