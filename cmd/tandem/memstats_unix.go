//go:build unix

package main

import (
	"os"
	"os/signal"
	"syscall"
)

// onGCRequest runs f on each SIGUSR1 (only installed with
// TANDEM_DEBUG_MEMSTATS set: without it the signal keeps its default).
func onGCRequest(f func()) {
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, syscall.SIGUSR1)
	go func() {
		for range ch {
			f()
		}
	}()
}
