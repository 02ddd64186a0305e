package web

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
)

// parseTemplates parses every page and fragment; each file defines
// templates named for what they show.
func parseTemplates() (*template.Template, error) {
	funcs := template.FuncMap{
		"num":   func(x float64) string { return strconv.FormatFloat(x, 'f', 3, 64) },
		"short": func(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) },
		"join":  strings.Join,
		"add":   func(a, b int) int { return a + b },
		"minus": func(d, x float64) float64 { return x - d },
		"plus":  func(d, x float64) float64 { return x + d },
	}
	t, err := template.New("").Funcs(funcs).ParseFS(assets, "assets/templates/*.html")
	if err != nil {
		return nil, fmt.Errorf("templates: %w", err)
	}
	return t, nil
}
