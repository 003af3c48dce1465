package enreach

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"tandem/vendors"
)

// TestNegotiateRedirect: a negotiate answer with url and accessToken (as
// Azure SignalR gives) is followed with the new token.
func TestNegotiateRedirect(t *testing.T) {
	var mu sync.Mutex
	var seen []string
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Method+" "+r.URL.Path+" "+r.Header.Get("Authorization"))
		mu.Unlock()
		switch r.URL.Path {
		case "/rte/negotiate":
			_ = json.NewEncoder(w).Encode(map[string]string{"url": srv.URL + "/other/hub?hub=rte", "accessToken": "second"})
		case "/other/hub/negotiate":
			if r.URL.Query().Get("hub") != "rte" {
				w.WriteHeader(http.StatusBadRequest)
				return
			}
			_ = json.NewEncoder(w).Encode(map[string]any{"connectionId": "c", "negotiateVersion": 0,
				"availableTransports": []map[string]any{{"transport": "WebSockets"}}})
		default:
			w.WriteHeader(http.StatusUnauthorized) // the upgrade
		}
	}))
	defer srv.Close()
	_, err := dialHub(context.Background(), srv.Client(), srv.URL+"/rte", "first", slog.New(slog.DiscardHandler))
	if !vendorsIs(err, vendors.ErrAuth) {
		t.Fatalf("dial: %v, want the upgrade's 401 as ErrAuth", err)
	}
	want := []string{"POST /rte/negotiate Bearer first", "POST /other/hub/negotiate Bearer second", "GET /other/hub Bearer second"}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != len(want) {
		t.Fatalf("requests %q, want %q", seen, want)
	}
	for i := range want {
		if seen[i] != want[i] {
			t.Fatalf("requests %q, want %q", seen, want)
		}
	}
}

func vendorsIs(err error, k vendors.Kind) bool { return vendors.KindOf(err) == k }
