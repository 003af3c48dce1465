// Command tandemctl is the Tandem desk without a window: JSON commands on
// stdin, JSON events on stdout. See the README for the contract.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"tandem/app/ctl"
	_ "tandem/vendors/all"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := ctl.Run(ctx, os.Args[1:], ctl.IO{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
	stop()
	os.Exit(code)
}
