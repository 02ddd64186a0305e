package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/parley-dev/parley/scenarios/gambit"
	"github.com/parley-dev/parley/sim/game"
)

// readGame reads a strategic-form game from a Gambit .nfg or .efg file
// (through its reduced strategic form) or a matrix scenario (its median
// world).
func readGame(file string, sets []string) (*game.Strategic, error) {
	switch strings.ToLower(filepath.Ext(file)) {
	case ".nfg", ".efg":
		f, err := os.Open(file)
		if err != nil {
			return nil, usageError{err}
		}
		defer f.Close()
		if strings.EqualFold(filepath.Ext(file), ".nfg") {
			g, err := gambit.ReadNFG(file, f)
			if err != nil {
				return nil, usageError{err}
			}
			return g, nil
		}
		e, err := gambit.ReadEFG(file, f)
		if err != nil {
			return nil, usageError{err}
		}
		g, err := e.Reduced()
		if err != nil {
			return nil, usageError{fmt.Errorf("%s: %w", file, err)}
		}
		return g, nil
	}
	s, err := loadScenario(file, sets, nil)
	if err != nil {
		return nil, err
	}
	g, err := s.MedianGame()
	if err != nil {
		return nil, usageError{err}
	}
	return g, nil
}
