package main

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// instance is the single-instance lock: a unix socket in the user's
// runtime directory. A second launch connects, asks the first to show its
// desk and exits.
type instance struct {
	ln   net.Listener
	path string
}

func socketPath() string {
	dir := os.Getenv("XDG_RUNTIME_DIR")
	if dir == "" {
		if c, err := os.UserCacheDir(); err == nil {
			dir = c
		} else {
			dir = os.TempDir()
		}
	}
	return filepath.Join(dir, fmt.Sprintf("tandem-%d.sock", os.Getuid()))
}

// claimInstance returns first=false when another Tandem answered (it has
// been asked to come forward). On any error it lets this one run.
func claimInstance() (*instance, bool, error) {
	path := socketPath()
	if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
		defer c.Close()
		_ = c.SetDeadline(time.Now().Add(2 * time.Second))
		if _, err := c.Write([]byte("show\n")); err == nil {
			if line, _ := bufio.NewReader(c).ReadString('\n'); strings.TrimSpace(line) == "ok" {
				return nil, false, nil
			}
		}
	}
	// Nobody answers: a stale socket from a crash is removed.
	_ = os.Remove(path)
	_ = os.MkdirAll(filepath.Dir(path), 0o700)
	ln, err := net.Listen("unix", path)
	if err != nil {
		return nil, true, err
	}
	_ = os.Chmod(path, 0o600)
	return &instance{ln: ln, path: path}, true, nil
}

func (i *instance) serve(show func()) {
	for {
		c, err := i.ln.Accept()
		if err != nil {
			if errors.Is(err, net.ErrClosed) {
				return
			}
			continue
		}
		go func() {
			defer c.Close()
			_ = c.SetDeadline(time.Now().Add(2 * time.Second))
			line, _ := bufio.NewReader(c).ReadString('\n')
			if strings.TrimSpace(line) == "show" {
				show()
				_, _ = c.Write([]byte("ok\n"))
			}
		}()
	}
}

func (i *instance) Close() error {
	err := i.ln.Close()
	_ = os.Remove(i.path)
	return err
}
