package clarity

import (
	"bytes"
	"compress/gzip"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"tandem/vendors/flex"
)

// Every decoder of what the server sends has a fuzz target seeded with the
// document's examples, verbatim and normalized: none may panic.

func discard() *slog.Logger { return slog.New(slog.DiscardHandler) }

func flexS(s string) flex.String { return flex.String(s) }
func flexB(b bool) flex.Bool     { return flex.Bool(b) }

func seed(f *testing.F, xs ...string) {
	for _, x := range xs {
		f.Add([]byte(x))
	}
	f.Add([]byte(`{"items":[1,{"sessionId":{}}],"count":"many"}`))
	f.Add([]byte(`null`))
	f.Add([]byte(``))
}

func FuzzChallenge(f *testing.F) {
	seed(f, challengeS04, `Bearer https://a/t, grant_type="x"`, "Negotiate")
	f.Fuzz(func(t *testing.T, b []byte) {
		parseChallenge(strings.Split(string(b), "\n"))
	})
}

func FuzzClaims(f *testing.F) {
	seed(f, jwtS01, jwtOf(tokenS06), "a.b.c", "..")
	f.Fuzz(func(t *testing.T, b []byte) {
		c, err := decodeClaims(string(b))
		if err == nil {
			renewal(time.Now(), 0, c)
		}
	})
}

func FuzzTokenResponse(f *testing.F) {
	seed(f, tokenS06, tokenS07)
	f.Fuzz(func(t *testing.T, b []byte) {
		var tr tokenResponse
		if decodeObject(b, &tr) == nil {
			if c, err := decodeClaims(string(tr.AccessToken)); err == nil {
				renewal(time.Now(), int64(tr.ExpiresIn), c)
			}
		}
	})
}

func FuzzInfoAndProfile(f *testing.F) {
	seed(f, infoS09, profileS11, profileS11Norm)
	f.Fuzz(func(t *testing.T, b []byte) {
		var i infoResponse
		_ = decodeObject(b, &i)
		var p profile
		_ = decodeObject(b, &p)
	})
}

func FuzzAgentStatus(f *testing.F) {
	seed(f, statusS35, statusS36, statusS36Norm)
	f.Fuzz(func(t *testing.T, b []byte) {
		var as agentStatusResponse
		if decodeObject(b, &as) == nil {
			st := agentState(as.CurrentStatus)
			if st.State == "" {
				t.Fatalf("no state for %q", b)
			}
		}
	})
}

func FuzzStatusList(f *testing.F) {
	seed(f, statusListS41, statusListS41Norm)
	f.Fuzz(func(t *testing.T, b []byte) {
		list, _, err := decodeItems[connectStatus](b)
		if err == nil {
			notReadyReasons(list)
		}
	})
}

func FuzzSessions(f *testing.F) {
	seed(f, sessionsS18, historyS26)
	f.Fuzz(func(t *testing.T, b []byte) {
		items, _, err := decodeItems[sessionItem](b)
		if err != nil {
			return
		}
		var tr tracked
		for _, it := range items {
			tr.update(it, time.Now())
		}
	})
}

func FuzzSessionDetail(f *testing.F) {
	seed(f, sessionS22, sessionS22Norm)
	f.Fuzz(func(t *testing.T, b []byte) {
		var d sessionDetail
		if decodeObject(b, &d) != nil {
			return
		}
		var tr tracked
		tr.update(d.sessionItem, time.Now())
		tr.applyDetail(d, discard())
		wrapReasons(d)
	})
}

func FuzzWrapCode(f *testing.F) {
	for _, s := range []string{"4", "4/8", "5.10", "x", "/", "9999999999999999999999"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) { _, _, _ = parseWrapCode(string(b)) })
}

// FuzzReadBody feeds bodies marked gzip, compressed or not.
func FuzzReadBody(f *testing.F) {
	var z bytes.Buffer
	gz := gzip.NewWriter(&z)
	_, _ = gz.Write([]byte(infoS09))
	_ = gz.Close()
	f.Add(z.Bytes())
	f.Add([]byte(infoS09))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		resp := &http.Response{Header: http.Header{"Content-Encoding": {"gzip"}}, Body: io.NopCloser(bytes.NewReader(b))}
		_, _ = readBody(resp)
	})
}
