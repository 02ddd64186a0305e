// Command parley turns a negotiation scenario into a game and the game into
// outcome probabilities with error bars. See README.md.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signalContext()
	code := execute(ctx, os.Args[1:], &iostreams{In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr})
	stop() // before os.Exit, which skips deferred calls
	os.Exit(code)
}

// signalContext is cancelled by Ctrl-C, SIGTERM (a job scheduler's stop)
// and SIGHUP (a closed terminal) alike: the run stops, prints its partial
// result marked as such, removes its temporary files and exits 1.
func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
}
