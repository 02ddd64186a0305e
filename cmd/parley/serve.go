package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"time"

	"github.com/parley-dev/parley/reports/web"
	"github.com/spf13/cobra"
)

// serveOptions are the settings of `parley serve`.
type serveOptions struct {
	IO            *iostreams
	Addr          string
	Files         []string
	Save          string
	Token         string
	Iterations    int64
	MaxIterations int64
	RunTimeout    time.Duration
	// ready, if set, is told the address once the server listens (tests
	// bind port 0 and need the port).
	ready func(addr string)
}

func newServeCmd(f *factory) *cobra.Command {
	opts := &serveOptions{IO: f.IO}
	cmd := &cobra.Command{
		Use:   "serve [FILES or FOLDERS...]",
		Short: "Serve the classroom web app: library, explorer, explain views, role-play rooms",
		Long: `Serve starts a local web app for teaching with Parley: the library of
scenarios (the bundled ones and those given), an explorer that re-runs a
scenario as its parameters move, the explain views drawn, and role-play
rooms where groups enter their agreements for the teacher's debrief.

It listens on 127.0.0.1 unless --addr says otherwise; on any other address
the teacher's pages need the token printed at start. Rooms are kept in
memory, and in the --save file (written atomically after every change and
read back at start) when given.`,
		Example: `  parley serve
  parley serve --save debrief.json my-scenarios/
  parley serve --addr 0.0.0.0:8080 --save debrief.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Files = args
			if opts.Iterations < 1 || opts.Iterations > opts.MaxIterations {
				return usagef("--iterations must be from 1 to --max-iterations (%d), found %d", opts.MaxIterations, opts.Iterations)
			}
			if err := checkWorlds(opts.MaxIterations, 0); err != nil {
				return err
			}
			if opts.RunTimeout <= 0 {
				return usagef("--run-timeout must be positive, found %s", opts.RunTimeout)
			}
			return runServe(cmd.Context(), opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Addr, "addr", "127.0.0.1:8080", "address to listen on; anything but loopback requires the teacher's token")
	fl.StringVar(&opts.Save, "save", "", "keep the rooms in this file (written atomically; read back at start)")
	fl.StringVar(&opts.Token, "token", "", "the teacher's token (default: a random one when not on loopback)")
	fl.Int64VarP(&opts.Iterations, "iterations", "n", 2000, "worlds per explorer run")
	fl.Int64Var(&opts.MaxIterations, "max-iterations", 20000, "the most worlds a page may ask for")
	fl.DurationVar(&opts.RunTimeout, "run-timeout", 5*time.Second, "the longest one run from the browser may take")
	return cmd
}

// isLoopback reports whether addr listens on the loopback interface
// only. An empty host listens on every interface.
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil || host == "" {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// teacherToken is the token the teacher's pages require: the one given,
// else a random one when the server is reachable from other machines,
// else none (on loopback only the teacher's own machine can connect).
func teacherToken(addr, given string, random io.Reader) (string, error) {
	if given != "" || isLoopback(addr) {
		return given, nil
	}
	b := make([]byte, 16)
	if _, err := io.ReadFull(random, b); err != nil {
		return "", fmt.Errorf("token: %w", err)
	}
	return hex.EncodeToString(b), nil
}

func runServe(ctx context.Context, o *serveOptions) error {
	token, err := teacherToken(o.Addr, o.Token, rand.Reader)
	if err != nil {
		return err
	}
	srv, err := web.New(web.Options{Files: o.Files, Token: token, Save: o.Save,
		Iterations: o.Iterations, MaxIterations: o.MaxIterations, RunTimeout: o.RunTimeout,
		Log: log.New(o.IO.ErrOut, "parley serve: ", 0)})
	if err != nil {
		return usageError{err}
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return usagef("--addr: %w", err)
	}
	hs := &http.Server{Handler: srv,
		ReadHeaderTimeout: 5 * time.Second, ReadTimeout: 15 * time.Second,
		WriteTimeout: o.RunTimeout + 15*time.Second, IdleTimeout: 60 * time.Second,
		MaxHeaderBytes: 16 << 10}
	fmt.Fprintf(o.IO.Out, "Parley classroom server on http://%s/\n", ln.Addr())
	if token != "" {
		fmt.Fprintf(o.IO.Out, "Teacher's token: %s (add ?token=%s to the teacher's pages)\n", token, token)
	}
	if o.ready != nil {
		o.ready(ln.Addr().String())
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	// Ctrl-C or SIGTERM: finish the requests in flight, then stop.
	sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = hs.Shutdown(sctx)
	if serr := <-done; !errors.Is(serr, http.ErrServerClosed) && err == nil {
		err = serr
	}
	fmt.Fprintln(o.IO.ErrOut, "parley serve: stopped")
	return err
}
