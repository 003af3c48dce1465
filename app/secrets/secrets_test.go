package secrets_test

import (
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/zalando/go-keyring"

	"tandem/app/secrets"
)

// The same table runs against go-keyring's in-memory mock here and against
// a real Secret Service in TestRealSecretService.
func roundTrips(t *testing.T, profile string) {
	long := strings.Repeat("eyJhbGciOiJSUzI1NiJ9.", 300) + "é" // > 2560 bytes, a rune on the cut
	cases := []struct{ name, value string }{
		{"password", "s3cret-pw"},
		{"jwt", long},
		{"marker-lookalike", "tandem-chunks:2"},
		{"empty", ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := secrets.Save(profile, c.name, c.value); err != nil {
				t.Fatal(err)
			}
			got, err := secrets.Load(profile, c.name)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.value {
				t.Fatalf("loaded %d bytes, saved %d: a secret must never be truncated", len(got), len(c.value))
			}
			if err := secrets.Delete(profile, c.name); err != nil {
				t.Fatal(err)
			}
			if _, err := secrets.Load(profile, c.name); !errors.Is(err, secrets.ErrNotFound) {
				t.Fatalf("after Delete: %v, want ErrNotFound", err)
			}
		})
	}
	// A long secret replaced by a short one leaves no chunk behind.
	if err := secrets.Save(profile, "token", long); err != nil {
		t.Fatal(err)
	}
	if err := secrets.Save(profile, "token", "short"); err != nil {
		t.Fatal(err)
	}
	if got, _ := secrets.Load(profile, "token"); got != "short" {
		t.Fatalf("got %q", got)
	}
	if _, err := keyring.Get(secrets.Service, profile+"/token#1"); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("a stale chunk is left in the keyring: %v", err)
	}
	_ = secrets.Delete(profile, "token")
	// Every piece fits Windows' 2560-byte limit.
	if err := secrets.Save(profile, "jwt", long); err != nil {
		t.Fatal(err)
	}
	for i := 1; ; i++ {
		v, err := keyring.Get(secrets.Service, profile+"/jwt#"+string(rune('0'+i)))
		if err != nil {
			if i < 3 {
				t.Fatalf("expected the JWT in several chunks, chunk %d: %v", i, err)
			}
			break
		}
		if len(v) > 2560 {
			t.Fatalf("chunk %d is %d bytes", i, len(v))
		}
	}
	_ = secrets.Delete(profile, "jwt")
}

func TestMockKeyring(t *testing.T) {
	keyring.MockInit()
	roundTrips(t, "unit")
}

func TestUnavailableKeyringSaysSo(t *testing.T) {
	keyring.MockInitWithError(errors.New("org.freedesktop.secrets was not provided by any .service files"))
	err := secrets.Save("p", "password", "hunter2-secret")
	if !errors.Is(err, secrets.ErrUnavailable) {
		t.Fatalf("got %v, want ErrUnavailable", err)
	}
	if strings.Contains(err.Error(), "hunter2-secret") {
		t.Fatal("the error shows the secret")
	}
	if _, err := secrets.Load("p", "password"); !errors.Is(err, secrets.ErrUnavailable) {
		t.Fatalf("Load: %v", err)
	}
}

// TestRealSecretService runs against gnome-keyring on a real D-Bus session
// (.ci/run sets TANDEM_REAL_KEYRING=1 inside dbus-run-session). The mocks
// above replace go-keyring's provider for good, so the real round trips
// run in a fresh process of this test binary.
func TestRealSecretService(t *testing.T) {
	if os.Getenv("TANDEM_REAL_KEYRING") == "" {
		t.Skip("set TANDEM_REAL_KEYRING=1 inside a D-Bus session with an unlocked Secret Service")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestRealSecretServiceChild$", "-test.v")
	cmd.Env = append(os.Environ(), "TANDEM_KEYRING_CHILD=1")
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "--- PASS: TestRealSecretServiceChild") {
		t.Fatalf("real Secret Service round trips failed: %v\n%s", err, out)
	}
}

func TestRealSecretServiceChild(t *testing.T) {
	if os.Getenv("TANDEM_KEYRING_CHILD") == "" {
		t.Skip("started by TestRealSecretService")
	}
	if err := secrets.Available(); err != nil {
		t.Fatalf("the Secret Service does not answer: %v", err)
	}
	roundTrips(t, "ci-real")
}
