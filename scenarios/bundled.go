package scenarios

import (
	"embed"
	"slices"
	"strings"
)

//go:embed *.yaml
var files embed.FS

func bundled(id string) ([]byte, bool) {
	b, err := files.ReadFile(id + ".yaml")
	return b, err == nil
}

func bundledIDs() []string {
	entries, _ := files.ReadDir(".")
	var ids []string
	for _, e := range entries {
		ids = append(ids, strings.TrimSuffix(e.Name(), ".yaml"))
	}
	slices.Sort(ids)
	return ids
}

// Info describes a bundled scenario.
type Info struct {
	ID    string
	Title string
	Form  string
}

// Bundled lists the scenarios compiled into the binary, by id.
func Bundled() ([]Info, error) {
	var out []Info
	for _, id := range bundledIDs() {
		b, _ := bundled(id)
		s, err := Parse(id+".yaml", b, Options{})
		if err != nil {
			return nil, err
		}
		out = append(out, Info{ID: id, Title: s.Title, Form: s.Form()})
	}
	return out, nil
}

// Source returns the text of a bundled scenario.
func Source(id string) ([]byte, bool) { return bundled(id) }
