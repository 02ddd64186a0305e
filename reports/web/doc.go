// Package web is Parley's classroom server: a library of scenarios, an
// explorer that re-runs a scenario as its parameters move, the explain
// views drawn as SVG, and role-play rooms with a teacher's debrief.
//
// Pages are rendered with html/template from embedded assets; the little
// JavaScript there is is vanilla and embedded too, so the server works
// offline and needs no build step. The server only ever reads the
// scenarios it was given: a request names a scenario by its id in the
// catalog, never by a path.
package web
