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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := execute(ctx, os.Args[1:], streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
	stop() // before os.Exit, which skips deferred calls
	os.Exit(code)
}
