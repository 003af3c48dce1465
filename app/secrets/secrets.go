// Package secrets keeps passwords and tokens in the OS keyring (Secret
// Service, macOS Keychain, Windows Credential Manager) under the service
// "tandem" and the account "<profile>/<secret-name>". There is no file
// fallback: without a keyring the app asks for the password each time.
package secrets

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/zalando/go-keyring"
)

// Service is the keyring service name of every Tandem secret.
const Service = "tandem"

// Password is the secret name of a profile's login password.
const Password = "password"

var (
	// ErrNotFound means nothing is stored for that profile and name.
	ErrNotFound = errors.New("no saved secret")
	// ErrUnavailable means there is no usable keyring on this desktop.
	ErrUnavailable = errors.New("no keyring is available on this desktop, so passwords cannot be remembered; you will be asked each time")
)

// chunkSize keeps every stored piece under Windows' 2560-byte limit per
// credential, so a long secret (a JWT) is split, never truncated.
const chunkSize = 2000

const chunkMarker = "tandem-chunks:"

func account(profile, name string) string { return profile + "/" + name }

// Save stores value for the profile's secret name, replacing what was there.
func Save(profile, name, value string) error {
	if profile == "" || name == "" {
		return fmt.Errorf("secrets: profile and secret name are required")
	}
	acct := account(profile, name)
	old := chunkCount(acct)
	if len(value) <= chunkSize && !strings.HasPrefix(value, chunkMarker) {
		if err := set(acct, value); err != nil {
			return err
		}
		deleteChunks(acct, 0, old)
		return nil
	}
	parts := split(value)
	for i, p := range parts {
		if err := set(chunkAccount(acct, i+1), p); err != nil {
			deleteChunks(acct, 0, len(parts))
			return err
		}
	}
	if err := set(acct, chunkMarker+strconv.Itoa(len(parts))); err != nil {
		return err
	}
	deleteChunks(acct, len(parts), old)
	return nil
}

// Load returns the stored secret, ErrNotFound or ErrUnavailable.
func Load(profile, name string) (string, error) {
	acct := account(profile, name)
	v, err := get(acct)
	if err != nil {
		return "", err
	}
	n, ok := parseMarker(v)
	if !ok {
		return v, nil
	}
	var b strings.Builder
	for i := 1; i <= n; i++ {
		p, err := get(chunkAccount(acct, i))
		if err != nil {
			if errors.Is(err, ErrNotFound) {
				return "", fmt.Errorf("the saved secret for %s is incomplete: %w", acct, ErrNotFound)
			}
			return "", err
		}
		b.WriteString(p)
	}
	return b.String(), nil
}

// Delete removes the secret; deleting what is not there is not an error.
func Delete(profile, name string) error {
	acct := account(profile, name)
	n := chunkCount(acct)
	err := keyring.Delete(Service, acct)
	deleteChunks(acct, 0, n)
	if err == nil || errors.Is(err, keyring.ErrNotFound) {
		return nil
	}
	return unavailable(err)
}

// Available reports whether a keyring answers, without storing anything
// that lasts.
func Available() error {
	_, err := get(account("_probe", "_probe"))
	if err == nil || errors.Is(err, ErrNotFound) {
		return nil
	}
	return err
}

func chunkAccount(acct string, i int) string { return acct + "#" + strconv.Itoa(i) }

func chunkCount(acct string) int {
	v, err := get(acct)
	if err != nil {
		return 0
	}
	n, _ := parseMarker(v)
	return n
}

func parseMarker(v string) (int, bool) {
	if !strings.HasPrefix(v, chunkMarker) {
		return 0, false
	}
	n, err := strconv.Atoi(v[len(chunkMarker):])
	if err != nil || n < 1 || n > 1000 {
		return 0, false
	}
	return n, true
}

// deleteChunks removes chunks from+1..to.
func deleteChunks(acct string, from, to int) {
	for i := from + 1; i <= to; i++ {
		_ = keyring.Delete(Service, chunkAccount(acct, i))
	}
}

// split cuts s into pieces of at most chunkSize bytes on rune boundaries.
func split(s string) []string {
	var out []string
	for len(s) > chunkSize {
		cut := chunkSize
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		out = append(out, s[:cut])
		s = s[cut:]
	}
	return append(out, s)
}

func set(acct, v string) error {
	if err := keyring.Set(Service, acct, v); err != nil {
		return unavailable(err)
	}
	return nil
}

func get(acct string) (string, error) {
	v, err := keyring.Get(Service, acct)
	if errors.Is(err, keyring.ErrNotFound) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", unavailable(err)
	}
	return v, nil
}

// unavailable turns a keyring failure into ErrUnavailable, keeping the
// cause for the log (the cause never holds the secret: go-keyring's errors
// name the operation only).
func unavailable(err error) error {
	return fmt.Errorf("%w (%v)", ErrUnavailable, err)
}
