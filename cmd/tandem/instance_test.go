package main

import (
	"net"
	"os"
	"testing"
)

// TestSingleInstance: the first launch owns the socket; a second one
// reaches it, asks it to show the desk and is told to exit.
func TestSingleInstance(t *testing.T) {
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	inst, first, err := claimInstance()
	if err != nil || !first {
		t.Fatalf("first launch: first=%v err=%v", first, err)
	}
	defer inst.Close()
	shown := make(chan struct{}, 1)
	go inst.serve(func() { shown <- struct{}{} })

	again, first2, err := claimInstance()
	if err != nil || first2 || again != nil {
		t.Fatalf("second launch: first=%v err=%v", first2, err)
	}
	select {
	case <-shown:
	default:
		t.Fatal("the running instance was not asked to show its desk")
	}
}

func TestStaleSocket(t *testing.T) {
	t.Setenv("XDG_RUNTIME_DIR", t.TempDir())
	inst, _, err := claimInstance()
	if err != nil {
		t.Fatal(err)
	}
	// A crash leaves the socket file without a listener.
	inst.ln.(*net.UnixListener).SetUnlinkOnClose(false)
	inst.ln.Close()
	if _, err := os.Stat(inst.path); err != nil {
		t.Fatalf("the stale socket should still exist: %v", err)
	}
	again, first, err := claimInstance()
	if err != nil || !first {
		t.Fatalf("after a crash the next launch must run: first=%v err=%v", first, err)
	}
	again.Close()
}
