package enreach

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/philippseith/signalr"

	"tandem/vendors"
)

// scriptedClient answers Invoke with the given InvokeResults, then closes.
type scriptedClient struct {
	signalr.Client
	results []signalr.InvokeResult
}

func (c scriptedClient) Invoke(string, ...any) <-chan signalr.InvokeResult {
	ch := make(chan signalr.InvokeResult, len(c.results))
	for _, r := range c.results {
		ch <- r
	}
	close(ch)
	return ch
}

// TestInvokeReadsWholeCompletion: whatever the order of the library's two
// InvokeResults, invoke returns the value; a hub error is a refusal, the
// end of the message loop is a lost connection (retried).
func TestInvokeReadsWholeCompletion(t *testing.T) {
	val := json.RawMessage(`[{"subscribed":true}]`)
	tests := []struct {
		name     string
		results  []signalr.InvokeResult
		gone     bool // the connection has ended
		want     any
		wantKind vendors.Kind
	}{
		{"value, then nil error", []signalr.InvokeResult{{Value: val}, {}}, false, val, ""},
		{"nil error, then value", []signalr.InvokeResult{{}, {Value: val}}, false, val, ""},
		{"no result at all", nil, false, nil, ""},
		{"hub error", []signalr.InvokeResult{{Error: errors.New("Unknown method Subscribe")}}, false, nil, vendors.ErrRejected},
		{"loop ended", []signalr.InvokeResult{{Error: errors.New(errLoopEnded)}}, false, nil, vendors.ErrUnreachable},
		{"error while the connection ends", []signalr.InvokeResult{{Error: errors.New("x")}}, true, nil, vendors.ErrUnreachable},
		{"nothing, and the connection ended", nil, true, nil, vendors.ErrUnreachable},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			hc := &hubConn{ctx: cctx, done: make(chan struct{})}
			if tc.gone {
				cancel() // as fail does; done stays open, as before fail closes it
			}
			l := &live{hc: hc, client: scriptedClient{results: tc.results}}
			ctx, stop := context.WithTimeout(context.Background(), 5*time.Second)
			defer stop()
			got, err := l.invoke(ctx, "subscribe", "Subscribe")
			if vendors.KindOf(err) != tc.wantKind || (err == nil) != (tc.wantKind == "") {
				t.Fatalf("err %v, want kind %q", err, tc.wantKind)
			}
			if string(asRaw(got)) != string(asRaw(tc.want)) {
				t.Fatalf("value %v, want %v", got, tc.want)
			}
		})
	}
}

func asRaw(v any) json.RawMessage {
	r, _ := v.(json.RawMessage)
	return r
}

// TestTerminal: which failed connection attempts end the session.
func TestTerminal(t *testing.T) {
	_, blank := checkResults(wantedSubscriptions("u", nil), nil, "u")
	tests := []struct {
		err  error
		want bool
	}{
		{&vendors.Error{Kind: vendors.ErrAuth}, true},
		{&vendors.Error{Kind: vendors.ErrRejected}, true},
		{blank, false},
		{vendors.NetError("negotiate", context.DeadlineExceeded), false},
		{&vendors.Error{Kind: vendors.ErrUnreachable}, false},
		{&vendors.Error{Kind: vendors.ErrProtocol}, false},
		{errors.New("plain"), false},
	}
	for _, tc := range tests {
		if got := terminal(tc.err); got != tc.want {
			t.Errorf("terminal(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
