package ctl

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"tandem/app/profile"
	"tandem/vendors"
)

var errHelp = errors.New("help shown")

type options struct {
	prof        profile.Profile
	profileName string
	logLevel    slog.Level
}

type optionFlags map[string]string

func (o optionFlags) String() string { return "" }

func (o optionFlags) Set(v string) error {
	k, val, ok := strings.Cut(v, "=")
	if !ok || k == "" {
		return fmt.Errorf("--option wants KEY=VALUE, got %q", v)
	}
	o[k] = val
	return nil
}

func parseFlags(args []string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("tandemctl", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	vendor := fs.String("vendor", "", "platform: "+strings.Join(vendors.Names(), ", ")+" (default demo, or the profile's)")
	url := fs.String("url", "", "the platform's address (see the vendor settings below)")
	user := fs.String("user", "", "user name")
	agentID := fs.String("agent", "", "agent ID, where the platform needs one")
	ext := fs.String("extension", "", "the agent's phone extension or station number")
	prof := fs.String("profile", "", "a saved profile; flags given as well override its settings, and its keyring entries supply secrets")
	verbose := fs.Bool("verbose", false, "log diagnostics to stderr")
	opts := optionFlags{}
	fs.Var(opts, "option", "a vendor setting as KEY=VALUE (repeatable); secret options come from TANDEM_OPTION_<KEY>")
	fs.Usage = func() { usage(fs, stderr) }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return o, errHelp
		}
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected argument %q (commands go to stdin as JSON lines)", fs.Arg(0))
	}
	o.logLevel = slog.LevelWarn
	if *verbose {
		o.logLevel = slog.LevelDebug
	}
	if *prof != "" {
		store, err := profile.DefaultStore()
		if err != nil {
			return o, err
		}
		p, err := store.Load(*prof)
		if err != nil {
			return o, err
		}
		o.prof, o.profileName = p, *prof
	}
	set := func(dst *string, v string) {
		if v != "" {
			*dst = v
		}
	}
	set(&o.prof.Vendor, *vendor)
	set(&o.prof.URL, *url)
	set(&o.prof.User, *user)
	set(&o.prof.Agent, *agentID)
	set(&o.prof.Extension, *ext)
	if o.prof.Vendor == "" {
		o.prof.Vendor = "demo"
	}
	if d, ok := vendors.Lookup(o.prof.Vendor); ok {
		for _, s := range d.Settings() {
			if s.Secret && opts[s.Key] != "" {
				return o, fmt.Errorf("%s is a secret: pass it as %s, not as a flag", s.Key, secretEnv(s.Key))
			}
		}
	}
	if len(opts) > 0 && o.prof.Options == nil {
		o.prof.Options = map[string]string{}
	}
	for k, v := range opts {
		o.prof.Options[k] = v
	}
	return o, nil
}

func usage(fs *flag.FlagSet, w io.Writer) {
	fmt.Fprint(w, `tandemctl: the Tandem desk without a window, for scripts and support.

usage: tandemctl --vendor NAME --url URL --user USER [--agent ID] [--extension EXT]
                 [--option KEY=VALUE ...] [--profile NAME]

Commands are JSON lines on stdin, e.g. {"id":7,"cmd":"answer","contact":"C1"};
events are JSON lines on stdout. Closing stdin logs out and exits 0.
The password comes from TANDEM_PASSWORD, else the profile's keyring entry.
With no vendor, tandemctl runs the built-in demo contact center.

flags:
`)
	fs.PrintDefaults()
	fmt.Fprintln(w, "\nvendor settings:")
	for _, name := range vendors.Names() {
		d, _ := vendors.Lookup(name)
		fmt.Fprintf(w, "\n  %s — %s\n", name, d.Title())
		for _, s := range d.Settings() {
			flagName := "--" + string(s.Field)
			switch {
			case s.Field == vendors.FieldPassword:
				flagName = "TANDEM_PASSWORD"
			case s.Secret:
				flagName = secretEnv(s.Key)
			case s.Field == vendors.FieldOption:
				flagName = "--option " + s.Key + "=…"
			}
			line := fmt.Sprintf("    %-34s %s", flagName, s.Label)
			if s.Help != "" {
				line += ": " + s.Help
			}
			if s.Example != "" {
				line += " (e.g. " + s.Example + ")"
			}
			if s.Default != "" {
				line += " [default " + s.Default + "]"
			}
			if s.Required {
				line += " (required)"
			}
			fmt.Fprintln(w, line)
		}
	}
}

// secretEnv is the environment variable a secret option comes from:
// TANDEM_OPTION_<KEY>, upper case, '-' as '_' (DESIGN.md).
func secretEnv(key string) string {
	return "TANDEM_OPTION_" + strings.ToUpper(strings.ReplaceAll(key, "-", "_"))
}
