package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// TestSchemaCommand checks that parley schema prints the schema kept in
// the docs, to standard output or a file.
func TestSchemaCommand(t *testing.T) {
	isolateConfig(t)
	want, err := os.ReadFile("../../docs/scenario.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	out, stderr, code := parley(t, "schema")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	if out != string(want) {
		t.Errorf("parley schema differs from docs/scenario.schema.json (go test ./scenarios -run SchemaUpToDate -update rewrites it)")
	}
	var doc struct {
		Schema     string         `json:"$schema"`
		Properties map[string]any `json:"properties"`
		Required   []string       `json:"required"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if doc.Schema != "https://json-schema.org/draft/2020-12/schema" {
		t.Errorf("$schema = %q, want draft 2020-12", doc.Schema)
	}
	for _, key := range []string{"scenario", "parties", "parameters", "outcomes", "variants", "model"} {
		if _, ok := doc.Properties[key]; !ok {
			t.Errorf("the schema has no top-level key %s", key)
		}
	}

	file := filepath.Join(t.TempDir(), "scenario.schema.json")
	out, stderr, code = parley(t, "schema", "-o", file)
	if code != 0 || out != "" || stderr != "" {
		t.Fatalf("schema -o: exit %d, stdout %q, stderr %q", code, out, stderr)
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("schema -o wrote other bytes than parley schema prints")
	}

	if _, stderr, code := parley(t, "schema", "extra"); code != exitInvalid {
		t.Errorf("schema extra: exit %d, want %d (usage): %s", code, exitInvalid, stderr)
	}
}
