package enreach

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"tandem/vendors"
)

const (
	// maxMessage is the largest hub message taken: the library's 32 KB
	// default is too small for CallbackChanged with its lists (§8.4).
	maxMessage = 1 << 20
	// pingEvery and pingWait bound how long a silent loss goes unnoticed
	// (≤ 10 s). WebSocket pings are answered by the server's socket layer,
	// so they cost the hub nothing, unlike a hub invocation.
	pingEvery = 5 * time.Second
	pingWait  = 5 * time.Second
	dialWait  = 15 * time.Second
	// readAhead bounds the messages read ahead of the library.
	readAhead = 256
)

// hubConn is one WebSocket to the RTE hub, given to the signalr client as
// its Connection. We dial it ourselves to control the token header, the
// read limit (the library raises it only on its own connection type) and
// the timeouts, and to read the frames in wire order: the library calls
// each receiver method on its own goroutine, so two events sent back to
// back can reach a receiver out of order. The tap below sees every frame
// in the order the server wrote it and queues MessageReceived arguments
// into the inbox; the library sees the other frames (see tap), and the
// receiver methods do nothing.
type hubConn struct {
	ws     *websocket.Conn
	ctx    context.Context
	cancel context.CancelFunc
	log    *slog.Logger
	inbox  *inbox

	idMu sync.Mutex
	id   string

	frames   chan []byte  // messages read ahead for the library
	readErr  error        // why frames closed
	leftover []byte       // rest of the current message for Read
	pending  bytes.Buffer // bytes after the last record separator
	libPing  time.Time    // when the library was last shown a ping for events

	done     chan struct{}
	failOnce sync.Once
	err      error
	lastPong atomic.Int64 // unix nanos
}

type negotiation struct {
	ConnectionID        string `json:"connectionId"`
	ConnectionToken     string `json:"connectionToken"`
	NegotiateVersion    int    `json:"negotiateVersion"`
	AvailableTransports []struct {
		Transport string `json:"transport"`
	} `json:"availableTransports"`
	Error string `json:"error"`
	// URL and AccessToken redirect to another service (Azure SignalR
	// does this); the document does not say whether the RTE does.
	URL         string `json:"url"`
	AccessToken string `json:"accessToken"`
}

// dialHub negotiates (POST {hub}/negotiate) and opens the WebSocket, both
// with the token as a Bearer header (A6); it never puts the token in a URL.
func dialHub(ctx context.Context, client *http.Client, hub, token string, log *slog.Logger) (*hubConn, error) {
	ctx, cancel := context.WithTimeout(ctx, dialWait)
	defer cancel()
	header := func() http.Header { return http.Header{"Authorization": {"Bearer " + token}} }

	var neg negotiation
	for redirects := 0; ; redirects++ {
		var err error
		if neg, err = negotiate(ctx, client, hub, header()); err != nil {
			return nil, err
		}
		if neg.URL == "" {
			break
		}
		if redirects == 3 {
			return nil, vendors.Errorf(vendors.ErrProtocol, "the hub redirects too often")
		}
		if hub, err = hubURL(neg.URL, hub); err != nil {
			return nil, &vendors.Error{Kind: vendors.ErrProtocol, Op: "negotiate", Msg: "bad redirect"}
		}
		if neg.AccessToken != "" {
			token = neg.AccessToken
		}
	}
	u, _ := url.Parse(hub) // hubURL made it parseable
	q := u.Query()
	id := neg.ConnectionID
	if neg.NegotiateVersion >= 1 && neg.ConnectionToken != "" {
		id = neg.ConnectionToken
	}
	q.Set("id", id)
	u.RawQuery = q.Encode()
	if u.Scheme == "https" {
		u.Scheme = "wss"
	} else {
		u.Scheme = "ws"
	}
	ws, resp, err := websocket.Dial(ctx, u.String(), &websocket.DialOptions{HTTPClient: client, HTTPHeader: header()})
	if err != nil {
		if resp != nil && resp.StatusCode/100 != 1 && resp.StatusCode/100 != 2 {
			return nil, classifyStatus("negotiate", resp.StatusCode)
		}
		return nil, classifyNetErr("websocket", err)
	}
	ws.SetReadLimit(maxMessage)
	cctx, ccancel := context.WithCancel(context.Background())
	c := &hubConn{ws: ws, ctx: cctx, cancel: ccancel, log: log, id: neg.ConnectionID, done: make(chan struct{}), inbox: newInbox(),
		frames: make(chan []byte, readAhead)}
	c.lastPong.Store(time.Now().UnixNano())
	go c.readLoop()
	return c, nil
}

func negotiate(ctx context.Context, client *http.Client, hub string, h http.Header) (negotiation, error) {
	var neg negotiation
	u, err := url.Parse(hub)
	if err != nil {
		return neg, vendors.Errorf(vendors.ErrProtocol, "bad hub URL")
	}
	u.Path = strings.TrimSuffix(u.Path, "/") + "/negotiate"
	q := u.Query()
	q.Set("negotiateVersion", "1")
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u.String(), nil)
	if err != nil {
		return neg, vendors.Errorf(vendors.ErrProtocol, "bad hub URL")
	}
	req.Header = h
	resp, err := client.Do(req)
	if err != nil {
		return neg, classifyNetErr("negotiate", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	if err != nil {
		return neg, classifyNetErr("negotiate", err)
	}
	if resp.StatusCode != http.StatusOK {
		return neg, classifyStatus("negotiate", resp.StatusCode)
	}
	if err := json.Unmarshal(body, &neg); err != nil {
		return neg, &vendors.Error{Kind: vendors.ErrProtocol, Op: "negotiate", Msg: "unreadable answer", Err: err}
	}
	if neg.Error != "" {
		return neg, &vendors.Error{Kind: vendors.ErrRejected, Op: "negotiate", Msg: truncate(neg.Error, 200)}
	}
	ok := neg.URL != ""
	for _, t := range neg.AvailableTransports {
		ok = ok || strings.EqualFold(t.Transport, "WebSockets")
	}
	if !ok {
		return neg, &vendors.Error{Kind: vendors.ErrProtocol, Op: "negotiate", Msg: "the hub offers no WebSockets"}
	}
	return neg, nil
}

// readLoop reads the WebSocket as fast as messages come, queues the
// events in the inbox (the tap) and hands the library what it needs. The
// library asks for the next message only after its goroutines have passed
// the last one through a pipe and a parser, so reading at its pace held
// an offer behind every queue event sent just before it (about 0.4 ms on
// the bench).
func (c *hubConn) readLoop() {
	defer close(c.frames)
	for {
		_, data, err := c.ws.Read(c.ctx)
		if err != nil {
			c.fail(fmt.Errorf("read: %w", err))
			c.readErr = err
			return
		}
		lib := c.tap(data)
		if len(lib) == 0 {
			continue
		}
		select {
		case c.frames <- lib:
		case <-c.done:
			c.readErr = c.err
			return
		}
	}
}

// Read hands the library one WebSocket message at a time, keeping what
// does not fit in p for the next call (the library's own connection type
// drops it).
func (c *hubConn) Read(p []byte) (int, error) {
	if len(c.leftover) == 0 {
		data, ok := <-c.frames
		if !ok {
			return 0, c.readErr
		}
		c.leftover = data
	}
	n := copy(p, c.leftover)
	c.leftover = c.leftover[n:]
	return n, nil
}

func (c *hubConn) Write(p []byte) (int, error) {
	ctx, cancel := context.WithTimeout(c.ctx, 10*time.Second)
	defer cancel()
	if err := c.ws.Write(ctx, websocket.MessageText, p); err != nil {
		c.fail(fmt.Errorf("write: %w", err))
		return 0, err
	}
	return len(p), nil
}

func (c *hubConn) Context() context.Context { return c.ctx }

func (c *hubConn) ConnectionID() string {
	c.idMu.Lock()
	defer c.idMu.Unlock()
	return c.id
}

func (c *hubConn) SetConnectionID(id string) {
	c.idMu.Lock()
	c.id = id
	c.idMu.Unlock()
}

// pingRecord stands in for the events the library does not need to see.
var pingRecord = []byte("{\"type\":6}\x1e")

// libraryPing is how often the library is shown a ping while events
// flow, so its timeout (30 s) sees a live connection.
const libraryPing = time.Second

// tap splits the byte stream into hub frames (0x1E-terminated), queues
// MessageReceived arguments in wire order, and returns what the library
// reads: every other frame as it came (handshake, completions, pings,
// close). The events are ours alone: the library would parse each,
// format it for its debug log (debug off or not) and call an empty
// receiver method on a new goroutine, and that work competed with the
// session's on a busy machine. In their place it gets a ping at most
// once a second.
func (c *hubConn) tap(data []byte) (lib []byte) {
	c.pending.Write(data)
	for {
		b := c.pending.Bytes()
		i := bytes.IndexByte(b, 0x1e)
		if i < 0 {
			if c.pending.Len() > 2*maxMessage {
				lib = append(lib, b...) // the library closes on this
				c.pending.Reset()
			}
			return lib
		}
		if !c.frame(b[:i]) {
			lib = append(lib, b[:i+1]...)
		} else if now := time.Now(); now.Sub(c.libPing) >= libraryPing {
			c.libPing = now
			lib = append(lib, pingRecord...)
		}
		c.pending.Next(i + 1)
	}
}

type hubFrame struct {
	Type         int               `json:"type"`
	Target       string            `json:"target"`
	InvocationID string            `json:"invocationId"`
	Arguments    []json.RawMessage `json:"arguments"`
	Error        string            `json:"error"`
}

// frame reads one frame; it reports whether it was an event for the
// inbox that the library need not see (one that wants no completion).
func (c *hubConn) frame(b []byte) (ours bool) {
	var f hubFrame
	if err := json.Unmarshal(b, &f); err != nil {
		c.log.Debug("enreach: unreadable hub frame", "err", err)
		return false
	}
	switch {
	case f.Type == 1 && strings.EqualFold(f.Target, "MessageReceived"):
		if len(f.Arguments) == 0 {
			c.log.Warn("enreach: MessageReceived without an argument")
			return false
		}
		c.inbox.push(f.Arguments[0])
		return f.InvocationID == ""
	case f.Type == 7:
		c.log.Info("enreach: the hub closed the connection", "error", truncate(f.Error, 200))
	}
	return false
}

// keepAlive pings until the connection ends; a missing pong ends it.
func (c *hubConn) keepAlive() {
	t := time.NewTicker(pingEvery)
	defer t.Stop()
	for {
		select {
		case <-c.done:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(c.ctx, pingWait)
			err := c.ws.Ping(ctx)
			cancel()
			if err != nil {
				c.fail(vendors.Errorf(vendors.ErrTimeout, "the hub stopped answering"))
				return
			}
			c.lastPong.Store(time.Now().UnixNano())
		}
	}
}

// fail ends the connection once with the first cause.
func (c *hubConn) fail(err error) {
	c.failOnce.Do(func() {
		if err == nil {
			err = errors.New("closed")
		}
		c.err = err
		c.cancel()
		_ = c.ws.CloseNow()
		close(c.done)
	})
}
