// Package reports renders results for people and for programs.
//
// Every text format is built from one table model (Table: a title, a
// header, aligned string cells and a provenance stamp), so the terminal,
// Markdown and CSV never disagree on a number. JSON has its own versioned
// schema, documented in docs/json-schema.md.
package reports
