package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// copyFlagship puts a copy of the flagship scenario in dir.
func copyFlagship(t *testing.T, dir string) string {
	t.Helper()
	b, err := os.ReadFile(flagship)
	if err != nil {
		t.Fatal(err)
	}
	in := filepath.Join(dir, "in.yaml")
	if err := os.WriteFile(in, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return in
}

func TestOutputsNeverOverwriteInputs(t *testing.T) {
	isolateConfig(t)
	dir := t.TempDir()
	in := copyFlagship(t, dir)
	want, _ := os.ReadFile(in)
	hard := filepath.Join(dir, "hard.yaml")
	sym := filepath.Join(dir, "sym.yaml")
	if err := os.Link(in, hard); err != nil {
		t.Skip("no hard links here:", err)
	}
	if err := os.Symlink("in.yaml", sym); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	cfg := filepath.Join(dir, "config.yaml")
	os.WriteFile(cfg, []byte("seed: 3\n"), 0o644)
	shard := filepath.Join(dir, "part1.json")
	if _, stderr, code := parley(t, "run", in, "-n", "2048", "--shard", "1/2", "-f", "json", "-o", shard); code != 0 {
		t.Fatal(stderr)
	}
	shardWant, _ := os.ReadFile(shard)
	same := filepath.Join(dir, "new.txt")
	tests := []struct {
		name string
		args []string
		err  string
	}{
		{"-o the input", []string{"run", in, "-n", "100", "-o", in}, "--output"},
		{"--samples the input", []string{"run", in, "-n", "100", "--samples", in}, "--samples"},
		{"another spelling", []string{"run", in, "-n", "100", "-o", dir + "/./in.yaml"}, "is the input"},
		{"a hard link", []string{"run", in, "-n", "100", "-o", hard}, "is the input"},
		{"a symbolic link", []string{"run", in, "-n", "100", "-o", sym}, "is the input"},
		{"through a symbolic link", []string{"run", sym, "-n", "100", "-o", in}, "is the input"},
		{"the config file", []string{"run", in, "-n", "100", "--config", cfg, "-o", cfg}, "the config file"},
		{"-o and --samples alike", []string{"run", in, "-n", "100", "-o", same, "--samples", same}, "same file"},
		{"compare", []string{"compare", in, "-n", "100", "-o", hard}, "is the input"},
		{"explain", []string{"explain", in, "-o", in}, "is the input"},
		{"solve", []string{"solve", in, "-o", in}, "is the input"},
		{"convert", []string{"convert", in, "-o", sym}, "is the input"},
		{"merge", []string{"merge", shard, "-o", shard}, "is the input"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, stderr, code := parley(t, tt.args...)
			if code != 2 || !strings.Contains(stderr, tt.err) || !strings.Contains(stderr, "refusing") && !strings.Contains(stderr, "overwrite") {
				t.Errorf("exit %d, stderr %q", code, stderr)
			}
			if b, _ := os.ReadFile(in); !bytes.Equal(b, want) {
				t.Fatal("the input scenario was overwritten")
			}
			if b, _ := os.ReadFile(shard); !bytes.Equal(b, shardWant) {
				t.Fatal("the shard was overwritten")
			}
			if _, err := os.Stat(same); err == nil {
				t.Errorf("%s was written", same)
			}
			if fi, err := os.Lstat(sym); err != nil || fi.Mode()&os.ModeSymlink == 0 {
				t.Fatal("the symbolic link was replaced")
			}
		})
	}
	// Devices are not files to protect: both outputs may be /dev/null.
	if _, err := os.Stat(os.DevNull); err == nil {
		if _, stderr, code := parley(t, "run", in, "-n", "100", "-o", os.DevNull, "--samples", os.DevNull); code != 0 {
			t.Errorf("-o and --samples %s: %s", os.DevNull, stderr)
		}
	}
}

// failingWriter fails every write, as a full disk or a closed pipe does.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

func TestStandardOutputWriteErrorsExitOne(t *testing.T) {
	isolateConfig(t)
	for _, args := range [][]string{
		{"validate", flagship},
		{"scenarios"},
		{"scenarios", "--show", "istanbul-2025"},
		{"version"},
		{"run", flagship, "-n", "100", "-f", "plain"},
		{"run", flagship, "-n", "100", "-f", "json"},
		{"explain", flagship},
	} {
		var errb bytes.Buffer
		code := execute(context.Background(), args, &iostreams{In: strings.NewReader(""), Out: failingWriter{}, ErrOut: &errb})
		if code != 1 || !strings.Contains(errb.String(), "write standard output: no space left on device") {
			t.Errorf("%v: exit %d, stderr %q", args, code, errb.String())
		}
	}
}

func TestOutputFileWriteErrorsExitOne(t *testing.T) {
	isolateConfig(t)
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full on this system")
	}
	for _, f := range []string{"plain", "markdown", "csv", "json"} {
		_, stderr, code := parley(t, "run", flagship, "-n", "100", "-f", f, "-o", "/dev/full")
		if code != 1 || !strings.Contains(stderr, "write /dev/full: no space left on device") {
			t.Errorf("-f %s -o /dev/full: exit %d, stderr %q", f, code, stderr)
		}
	}
	_, stderr, code := parley(t, "run", flagship, "-n", "100", "-o", os.DevNull, "--samples", "/dev/full")
	if code != 1 || !strings.Contains(stderr, "/dev/full: no space left on device") {
		t.Errorf("--samples /dev/full: exit %d, stderr %q", code, stderr)
	}
}

// TestAFailedWriteKeepsTheOldFile makes every write of the temporary file
// fail: the commit must refuse, keep the old file and leave no temporary.
func TestAFailedWriteKeepsTheOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "old.txt")
	os.WriteFile(path, []byte("good"), 0o644)
	a, err := createAtomic(path)
	if err != nil {
		t.Fatal(err)
	}
	a.f.Close() // every write now fails, as on a full disk
	if _, err := fmt.Fprintf(a, "new"); err == nil {
		t.Fatal("write to a closed file succeeded")
	}
	err = a.Commit()
	if err == nil || !strings.Contains(err.Error(), "write "+path) || strings.Contains(err.Error(), ".tmp") {
		t.Errorf("commit after a failed write: %v", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "good" {
		t.Errorf("the old file became %q", b)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporary file left behind: %v", entries)
	}
}

func TestOutputPathsModesAndLinks(t *testing.T) {
	isolateConfig(t)
	dir := t.TempDir()
	// A missing directory: the message names the user's path, not the
	// hidden temporary file.
	missing := filepath.Join(dir, "nodir", "out.txt")
	_, stderr, code := parley(t, "run", flagship, "-n", "100", "-o", missing)
	if code != 1 || !strings.Contains(stderr, missing) || strings.Contains(stderr, ".tmp") {
		t.Errorf("missing directory: exit %d, stderr %q", code, stderr)
	}
	// A symbolic link is written through: its target gets the report and
	// the link stays a link.
	target := filepath.Join(dir, "target.txt")
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink("target.txt", link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if _, stderr, code := parley(t, "run", flagship, "-n", "100", "-f", "plain", "-o", link); code != 0 {
		t.Fatal(stderr)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Error("the link was replaced by a file")
	}
	if b, _ := os.ReadFile(target); !strings.Contains(string(b), "Outcomes") {
		t.Errorf("the link's target holds %q", b)
	}
	dangling := filepath.Join(dir, "dangling.txt")
	os.Symlink(filepath.Join("nowhere", "x.txt"), dangling)
	_, stderr, code = parley(t, "run", flagship, "-n", "100", "-o", dangling)
	if code != 1 || !strings.Contains(stderr, "create "+dangling+": the link's target directory") {
		t.Errorf("a link into a missing directory: exit %d, stderr %q", code, stderr)
	}
	// A new file gets the mode any command would give it (0666 less the
	// umask), like one made by os.Create here; a replaced file keeps its
	// mode.
	ref := filepath.Join(dir, "ref")
	f, err := os.Create(ref)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	fi, _ := os.Stat(ref)
	fresh, samples := filepath.Join(dir, "fresh.txt"), filepath.Join(dir, "fresh.csv")
	if _, stderr, code := parley(t, "run", flagship, "-n", "100", "-o", fresh, "--samples", samples); code != 0 {
		t.Fatal(stderr)
	}
	for _, p := range []string{fresh, samples} {
		if got, _ := os.Stat(p); got.Mode().Perm() != fi.Mode().Perm() {
			t.Errorf("%s: mode %v, want %v", p, got.Mode().Perm(), fi.Mode().Perm())
		}
	}
	if runtime.GOOS == "windows" {
		return
	}
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604} {
		os.Chmod(fresh, mode)
		os.Chmod(samples, mode)
		if _, stderr, code := parley(t, "run", flagship, "-n", "100", "-o", fresh, "--samples", samples); code != 0 {
			t.Fatal(stderr)
		}
		for _, p := range []string{fresh, samples} {
			if got, _ := os.Stat(p); got.Mode().Perm() != mode {
				t.Errorf("%s: mode %v after replacing a %v file", p, got.Mode().Perm(), mode)
			}
		}
	}
}

// slowMatrix writes an n×n coordination game with an uncertain payoff:
// 2^n-1 equilibria, so a world of n = 9 costs tens of milliseconds and a
// chunk of 1024 worlds many seconds.
func slowMatrix(t *testing.T, dir string, n int) string {
	t.Helper()
	var strat, rows []string
	for i := range n {
		strat = append(strat, fmt.Sprintf("s%d", i))
		var row []string
		for j := range n {
			if i == j {
				row = append(row, "1 + a")
			} else {
				row = append(row, "0")
			}
		}
		rows = append(rows, "["+strings.Join(row, ", ")+"]")
	}
	m := "[" + strings.Join(rows, ", ") + "]"
	st := "[" + strings.Join(strat, ", ") + "]"
	src := "scenario: slow\nparties: {r: R, c: C}\nparameters:\n  a: {uniform: [0, 1]}\noutcomes: {x: X}\n" +
		"model:\n  matrix:\n    strategies: {r: " + st + ", c: " + st + "}\n    bimatrix: {r: " + m + ", c: " + m + "}\n    outcomes: {x: 'true'}\n"
	f := filepath.Join(dir, "slow.yaml")
	if err := os.WriteFile(f, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return f
}

// TestSignalChild is the parley process of TestSignalsStopTheRun: it runs
// the CLI as main does, with the arguments in PARLEY_SIGNAL_CHILD.
func TestSignalChild(t *testing.T) {
	args := os.Getenv("PARLEY_SIGNAL_CHILD")
	if args == "" {
		t.Skip("the child process of TestSignalsStopTheRun")
	}
	ctx, stop := signalContext()
	code := execute(ctx, strings.Split(args, "\x1f"), &iostreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr})
	stop()
	os.Exit(code)
}

// TestSignalsStopTheRun sends SIGINT, SIGTERM and SIGHUP to a parley
// process in the middle of a run whose chunks take many seconds: each
// must stop it promptly with the partial result marked, exit 1, say that
// the samples were not written, and leave no temporary file.
func TestSignalsStopTheRun(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no POSIX signals")
	}
	isolateConfig(t)
	slow := slowMatrix(t, t.TempDir(), 9)
	for _, sig := range []syscall.Signal{syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP} {
		t.Run(sig.String(), func(t *testing.T) {
			dir := t.TempDir()
			report, samples := filepath.Join(dir, "report.json"), filepath.Join(dir, "worlds.csv")
			args := []string{"run", slow, "-n", "4096", "--workers", "2", "-f", "json", "-o", report, "--samples", samples}
			cmd := exec.Command(os.Args[0], "-test.run=^TestSignalChild$")
			cmd.Env = append(os.Environ(), "PARLEY_SIGNAL_CHILD="+strings.Join(args, "\x1f"))
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			exited := make(chan error, 1)
			go func() { exited <- cmd.Wait() }()
			// The temporary samples file appears just before the run starts.
			for started := false; !started; {
				entries, _ := os.ReadDir(dir)
				started = len(entries) > 0
				select {
				case err := <-exited:
					t.Fatalf("exited before the signal: %v; stderr %q", err, stderr.String())
				case <-time.After(20 * time.Millisecond):
				}
			}
			time.Sleep(200 * time.Millisecond) // into the first chunks; the outcome does not depend on it
			cmd.Process.Signal(sig)
			var err error
			select {
			case err = <-exited:
			case <-time.After(2 * time.Minute):
				cmd.Process.Kill()
				t.Fatal("still running two minutes after the signal")
			}
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != 1 {
				t.Errorf("exit: %v, want status 1; stderr %q", err, stderr.String())
			}
			if !strings.Contains(stderr.String(), "samples not written to "+samples) || !strings.Contains(stderr.String(), "canceled") {
				t.Errorf("stderr %q", stderr.String())
			}
			b, _ := os.ReadFile(report)
			if !strings.Contains(string(b), `"partial": true`) {
				t.Errorf("report not marked partial: %.300s", b)
			}
			if entries, _ := os.ReadDir(dir); len(entries) != 1 {
				t.Errorf("left in the directory: %v (want only report.json)", entries)
			}
		})
	}
}

// TestSettingsAreParsedStrictly gives bad values through the environment
// and the config file: each is a usage error naming its source, never a
// silent 0 or a truncated number run under a stamp the user never gave.
func TestSettingsAreParsedStrictly(t *testing.T) {
	tests := []struct {
		name   string
		env    map[string]string
		config string
		err    string
	}{
		{"env seed abc", map[string]string{"PARLEY_SEED": "abc"}, "", "PARLEY_SEED: expected a whole number, 0 or more, found abc"},
		{"env seed -1", map[string]string{"PARLEY_SEED": "-1"}, "", "PARLEY_SEED: expected a whole number, 0 or more, found -1"},
		{"env precision", map[string]string{"PARLEY_PRECISION": "abc"}, "", "PARLEY_PRECISION: expected a number, found abc"},
		{"env precision nan", map[string]string{"PARLEY_PRECISION": "NaN"}, "", "PARLEY_PRECISION: expected a number"},
		{"env top", map[string]string{"PARLEY_TOP": "abc"}, "", "PARLEY_TOP: expected a whole number, found abc"},
		{"env workers", map[string]string{"PARLEY_WORKERS": "abc"}, "", "PARLEY_WORKERS: expected a whole number, found abc"},
		{"env workers negative", map[string]string{"PARLEY_WORKERS": "-2"}, "", "PARLEY_WORKERS: expected 0 (all cores) or more"},
		{"env iterations", map[string]string{"PARLEY_ITERATIONS": "1e3"}, "", "PARLEY_ITERATIONS: expected a whole number, found 1e3 (write 1000)"},
		{"env format", map[string]string{"PARLEY_FORMAT": "xml"}, "", `PARLEY_FORMAT: unknown format "xml"`},
		{"config seed -1", nil, "# settings\nseed: -1\n", "config.yaml:2: seed: expected a whole number, 0 or more, found -1"},
		{"config seed 1.5", nil, "seed: 1.5\n", "config.yaml:1: seed: expected a whole number, 0 or more, found 1.5"},
		{"config iterations 1e3", nil, "\n\niterations: 1e3\n", "config.yaml:3: iterations: expected a whole number, found 1e3 (write 1000)"},
		{"config iterations 0", nil, "iterations: 0\n", "config.yaml:1: iterations: expected a whole number, 1 or more, found 0"},
		{"config list", nil, "seed: [1]\n", "config.yaml:1: seed: expected a whole number, 0 or more, found a list"},
		{"config empty value", nil, "seed:\n", "config.yaml:1: seed: expected a whole number, 0 or more, found no value"},
		{"config twice", nil, "seed: 1\nseed: 2\n", "config.yaml:2: seed: given twice (first on line 1)"},
		{"config shard", nil, "shard: 1/2\n", "config.yaml:1: shard: not a config setting; give --shard on the command line"},
		{"config output", nil, "output: out.txt\n", "config.yaml:1: output: not a config setting; give --output"},
		{"config set", nil, "set: [parameters.breach_cost=3]\n", "config.yaml:1: set: not a config setting"},
		{"config variant", nil, "variant: no_drone_deal\n", "config.yaml:1: variant: not a config setting"},
		{"config typo", nil, "seeed: 1\n", `config.yaml:1: unknown setting "seeed"; did you mean "seed"?`},
		{"config not a mapping", nil, "- seed: 1\n", "config.yaml:1: expected a mapping of settings"},
		{"config format", nil, "format: xml\n", `config.yaml:1: format: unknown format "xml"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			isolateConfig(t)
			for k, v := range tt.env {
				t.Setenv(k, v)
			}
			args := []string{"run", flagship, "-n", "100"}
			if tt.config != "" {
				cfg := filepath.Join(t.TempDir(), "config.yaml")
				os.WriteFile(cfg, []byte(tt.config), 0o644)
				args = append(args, "--config", cfg)
			}
			_, stderr, code := parley(t, args...)
			if code != 2 || !strings.Contains(stderr, tt.err) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.err)
			}
		})
	}
}

func TestEmptyConfigFileIsEmptyConfig(t *testing.T) {
	isolateConfig(t)
	empty := filepath.Join(t.TempDir(), "empty.yaml")
	os.WriteFile(empty, []byte("# nothing set yet\n"), 0o644)
	for _, cfg := range []string{os.DevNull, empty} {
		if _, err := os.Stat(cfg); err != nil {
			continue
		}
		out, stderr, code := parley(t, "run", flagship, "-n", "100", "-f", "json", "--config", cfg)
		if code != 0 || !strings.Contains(out, `"seed": 1,`) {
			t.Errorf("--config %s: exit %d, stderr %q", cfg, code, stderr)
		}
	}
	// A setting of another command is checked but harmless: top is run's.
	cfg := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(cfg, []byte("top: 3\nseed: 5\n"), 0o644)
	out, stderr, code := parley(t, "compare", flagship, "-n", "100", "-f", "json", "--config", cfg)
	if code != 0 || !strings.Contains(out, `"seed": 5,`) {
		t.Errorf("compare with top in the config: exit %d, stderr %q", code, stderr)
	}
}

// TestWorkersAreCapped asks for a billion workers from each source: the
// run must go ahead on a sane number and say so, not die out of memory.
func TestWorkersAreCapped(t *testing.T) {
	most := fmt.Sprint(maxWorkers())
	for _, src := range []string{"flag", "env", "config"} {
		t.Run(src, func(t *testing.T) {
			isolateConfig(t)
			args := []string{"run", flagship, "-n", "3000", "-f", "json"}
			switch src {
			case "flag":
				args = append(args, "--workers", "1000000000")
			case "env":
				t.Setenv("PARLEY_WORKERS", "1000000000")
			case "config":
				cfg := filepath.Join(t.TempDir(), "config.yaml")
				os.WriteFile(cfg, []byte("workers: 1000000000\n"), 0o644)
				args = append(args, "--config", cfg)
			}
			out, stderr, code := parley(t, args...)
			if code != 0 || !strings.Contains(stderr, "1000000000 workers is more than "+most) || !strings.Contains(stderr, "using "+most) {
				t.Fatalf("exit %d, stderr %q", code, stderr)
			}
			want, _, _ := parley(t, "run", flagship, "-n", "3000", "-f", "json", "--workers", "1")
			if out != want {
				t.Error("the capped run differs from a run on one worker")
			}
		})
	}
}

// TestConfigFileReadIsBounded: a config file is read up to 1 MiB, so
// --config /dev/zero (or a wrong, huge file) is refused instead of
// filling memory.
func TestConfigFileReadIsBounded(t *testing.T) {
	isolateConfig(t)
	big := filepath.Join(t.TempDir(), "big.yaml")
	if err := os.WriteFile(big, []byte("# "+strings.Repeat("x", 1<<20)+"\nseed: 5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, cfg := range []string{"/dev/zero", big} {
		if _, err := os.Stat(cfg); err != nil {
			continue
		}
		_, stderr, code := parley(t, "run", flagship, "-n", "100", "--config", cfg)
		if code != 2 || !strings.Contains(stderr, "larger than the 1 MiB limit for config files") {
			t.Errorf("--config %s: exit %d, stderr %q", cfg, code, stderr)
		}
	}
}
