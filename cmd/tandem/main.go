// Command tandem is the Tandem desktop app: log in to a contact center,
// see your state, get a notification for each offered contact and handle
// it from the desk.
//
//	tandem [--profile NAME] [--option KEY=VALUE ...] [--demo-rate SECONDS] [-v]
//
// With --profile the app logs straight in (the password comes from
// TANDEM_PASSWORD or the keyring; else the login window asks). A second
// launch brings the running desk forward instead of starting again.
package main

import (
	"flag"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"

	"tandem/app/notify"
	"tandem/app/profile"
	"tandem/app/ui"
	"tandem/assets"
	"tandem/vendors"
)

// Version is the app's version (FyneApp.toml; set by the release build).
var Version = "0.1.0"

type options []string

func (o *options) String() string     { return strings.Join(*o, ",") }
func (o *options) Set(v string) error { *o = append(*o, v); return nil }

func main() {
	start := time.Now()
	// Most of the live heap is Fyne's parsed fonts, which never die: the
	// default GOGC of 100 would let the heap double that before collecting.
	// A desk that sits open all shift trades a little GC work for memory.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(40)
	}
	var opts options
	profileName := flag.String("profile", "", "log straight in with this saved profile (e.g. Demo)")
	demoRate := flag.String("demo-rate", os.Getenv("TANDEM_DEMO_RATE"), "seconds between contacts the demo offers (same as --option rate=N; env TANDEM_DEMO_RATE)")
	verbose := flag.Bool("v", false, "log what happens to stderr (never a secret)")
	flag.Var(&opts, "option", "KEY=VALUE vendor option for this run only, repeatable (e.g. rate=5)")
	flag.Usage = usage
	flag.Parse()

	log := slog.New(slog.DiscardHandler)
	if *verbose || os.Getenv("TANDEM_DEBUG_MEMSTATS") != "" {
		log = slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	overrides := map[string]string{}
	for _, o := range opts {
		k, v, ok := strings.Cut(o, "=")
		if !ok || k == "" {
			fmt.Fprintf(os.Stderr, "tandem: --option wants KEY=VALUE, got %q\n", o)
			os.Exit(2)
		}
		overrides[k] = v
	}
	if *demoRate != "" {
		overrides["rate"] = *demoRate
	}

	inst, first, err := claimInstance()
	if err != nil {
		log.Warn("single-instance check unavailable", "err", err)
	}
	if !first {
		fmt.Fprintln(os.Stderr, "tandem: already running; brought its window forward")
		return
	}
	if inst != nil {
		defer inst.Close()
	}

	store, err := profile.DefaultStore()
	if err != nil {
		fmt.Fprintln(os.Stderr, "tandem:", err)
		os.Exit(1)
	}
	icon := fyne.NewStaticResource("tandem.png", assets.IconPNG)
	// Metadata in code, so a plain `go build` opts into the fyne.Do
	// threading model just as `fyne package` does from FyneApp.toml.
	app.SetMetadata(fyne.AppMetadata{ID: "io.tandem.desk", Name: "Tandem", Version: Version, Build: 1,
		Icon: icon, Migrations: map[string]bool{"fyneDo": true}})
	a := app.NewWithID("io.tandem.desk")
	a.SetIcon(icon)
	n := notify.New("Tandem", assets.IconPNG)
	deps := ui.Deps{
		App: a, Store: store, Log: log, Icon: icon, Overrides: overrides,
		Notify: func(c vendors.Contact, sound bool) error { return n.Offer(c, sound) },
		Trim: func() {
			debug.FreeOSMemory()
			trimCHeap()
		},
	}
	if os.Getenv("TANDEM_DEBUG_POPTRACE") != "" {
		deps.PopTrace = os.Stderr
	}
	u := ui.New(deps)
	if inst != nil {
		go inst.serve(func() {
			log.Info("a second launch asked for the desk")
			fyne.Do(u.ShowFront)
		})
	}
	a.Lifecycle().SetOnStarted(func() {
		log.Info("first frame", "startup", time.Since(start).Round(time.Millisecond))
	})
	startMemStats(log)
	u.Start(*profileName)
	a.Run()
}

func usage() {
	fmt.Fprintf(os.Stderr, `Usage: tandem [flags]

Tandem is a desk for contact-center agents. Without flags it opens the login
window; the built-in demo profile works on any machine.

Flags:
`)
	flag.PrintDefaults()
	fmt.Fprintf(os.Stderr, `
Environment:
  TANDEM_PASSWORD          password for --profile (else the keyring, else the login window asks)
  TANDEM_DEMO_RATE         seconds between demo contacts (like --demo-rate)
  TANDEM_DEBUG_MEMSTATS    log Go memory statistics every N seconds (default 10); with it
                           set, SIGUSR1 runs a GC and logs them (and the heap profile) at once
  TANDEM_DEBUG_HEAPPROFILE write a heap profile to this file 20 s after start
  TANDEM_DEBUG_CPUPROFILE  write a CPU profile of seconds 10 to 40 to this file
  TANDEM_DEBUG_POPTRACE    =1: one "poptrace" line per offered contact on stderr with
                           when it was seen, its card first painted and its
                           notification sent (Unix ns; carries caller numbers)

Platforms: %s
Example: tandem --profile Demo --demo-rate 5
`, strings.Join(vendors.Names(), ", "))
}
