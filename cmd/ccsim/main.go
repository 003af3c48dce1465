// Command ccsim runs a simulated contact center standalone, for trainers,
// integrators and tests: the demo center or any vendor's simulator. It
// prints how to connect, then takes simple commands on stdin.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"tandem/vendors"
	_ "tandem/vendors/all"
	"tandem/vendors/simulator"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("ccsim", flag.ContinueOnError)
	fs.SetOutput(stderr)
	vendor := fs.String("vendor", "demo", "which contact center to simulate: "+strings.Join(simulator.Names(), ", "))
	addr := fs.String("addr", "127.0.0.1:0", "address to listen on (port 0 picks a free one)")
	rate := fs.Duration("rate", 20*time.Second, "time between contacts offered to the agent (0 = only on the 'offer' command)")
	seed := fs.Int64("seed", 0, "seed for repeatable caller data (0 = random)")
	verbose := fs.Bool("verbose", false, "log the simulator's diagnostics to stderr")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "ccsim: run a simulated contact center.\n\nusage: ccsim [--vendor NAME] [--addr HOST:PORT] [--rate 20s]\n\n")
		fs.PrintDefaults()
		fmt.Fprintf(stderr, "\n%s", help)
	}
	if err := fs.Parse(args); err != nil {
		if err == flag.ErrHelp {
			return 0
		}
		return 2
	}
	level := slog.LevelWarn
	if *verbose {
		level = slog.LevelDebug
	}
	sim, err := simulator.Start(*vendor, simulator.Options{Addr: *addr, Rate: *rate, Seed: *seed,
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))})
	if err != nil {
		fmt.Fprintf(stderr, "ccsim: %v\n", err)
		return 1
	}
	defer sim.Close()
	fmt.Fprintf(stdout, "%s\n\ntype 'help' for commands; Ctrl-C stops.\n", sim.Describe())

	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(stdin)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	for {
		select {
		case <-sig:
			return 0
		case l, ok := <-lines:
			if !ok {
				lines = nil // stdin closed: keep serving until a signal
				continue
			}
			if quit := command(sim, strings.Fields(l), stdout); quit {
				return 0
			}
		}
	}
}

const help = `commands on stdin:
  offer                       offer a contact to the agent now
  state ready|not_ready [R]|logged_out
                              change the agent's state from the platform side
  phone answer|hangup|hold|retrieve ID
                              act on a contact as the agent's phone would
  drop                        cut every connection (the driver must reconnect)
  malformed                   send input the driver must skip
  quit                        stop
`

func command(sim simulator.Sim, f []string, out io.Writer) (quit bool) {
	if len(f) == 0 {
		return false
	}
	var err error
	switch f[0] {
	case "help", "?":
		fmt.Fprint(out, help)
	case "quit", "exit":
		return true
	case "offer":
		var c vendors.Contact
		if c, err = sim.Offer(); err == nil {
			fmt.Fprintf(out, "offered: %s %s (%s) via %s\n", c.ID, c.Name, c.From, c.Queue)
		}
	case "state":
		if len(f) < 2 {
			err = fmt.Errorf("state needs ready, not_ready or logged_out")
			break
		}
		reason := ""
		if len(f) > 2 {
			reason = f[2]
		}
		err = sim.SetState(vendors.State(f[1]), reason)
	case "phone":
		if len(f) < 3 {
			err = fmt.Errorf("phone needs an action and a contact id")
			break
		}
		err = sim.Phone(vendors.CommandKind(f[1]), f[2])
	case "drop":
		sim.Drop()
	case "malformed":
		err = sim.Malformed()
	default:
		err = fmt.Errorf("unknown command %q; type help", f[0])
	}
	if err != nil {
		fmt.Fprintf(out, "error: %v\n", err)
	} else if f[0] != "help" && f[0] != "?" {
		fmt.Fprintln(out, "ok")
	}
	return false
}
