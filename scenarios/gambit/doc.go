// Package gambit reads and writes games in the file formats of Gambit, the
// game-theory software: .nfg for strategic-form games (both the payoff-list
// and the outcome variants) and .efg for extensive-form games.
//
// The readers never panic on any input. Problems are reported as
// *ParseError values positioned at the offending token (file:line:col:
// message, the message saying what was expected and what was found), or as
// an ErrorList when a file has several; they wrap ErrSyntax or ErrInvalid.
// A reader bounds what a small file can make it allocate.
//
// WriteNFG writes the payoff-list format with the shortest decimal that
// reads back as the same float64, so ReadNFG(WriteNFG(g)) equals g.
package gambit
