package enreachsim

// RefuseTokens makes the hub answer 401 to the next n connection attempts,
// as it does for an expired token.
func (s *Sim) RefuseTokens(n int) {
	s.mu.Lock()
	s.refuseTokens = n
	s.mu.Unlock()
}

// BlankSubscribes makes the next n Subscribe calls answer an empty list,
// a result that says nothing about any requested item, and subscribe
// nothing.
func (s *Sim) BlankSubscribes(n int) {
	s.mu.Lock()
	s.blankSubscribes = n
	s.mu.Unlock()
}

// SubscribeCalls counts the Subscribe invocations received.
func (s *Sim) SubscribeCalls() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.subscribeCalls
}

// TokensUsed lists the tokens presented at the hub, in order.
func (s *Sim) TokensUsed() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.used...)
}

// Deny makes Subscribe answer "Unauthorized" for an event (L299-312).
func (s *Sim) Deny(event string, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if name, _ := canonical(event); name != "" {
		s.deny[name] = on
	}
}

// SetPascalCase sends event data with the examples' PascalCase keys.
func (s *Sim) SetPascalCase(on bool) {
	s.mu.Lock()
	s.pascal = on
	s.mu.Unlock()
}

// SetEndpointForm chooses the token answer's hub field.
func (s *Sim) SetEndpointForm(f EndpointForm) {
	s.mu.Lock()
	s.endpointForm = f
	s.mu.Unlock()
}

// SetPassword changes the agent's password (and revokes the secret key), as
// an administrator would.
func (s *Sim) SetPassword(p string) {
	s.mu.Lock()
	s.password = p
	s.secret = randHex(16)
	s.mu.Unlock()
}

// SetWrapUpSeconds sets the wrap-up window of queue calls.
func (s *Sim) SetWrapUpSeconds(n int) {
	s.mu.Lock()
	s.wrapUpSec = n
	s.mu.Unlock()
}

// malformed are MessageReceived arguments a client must log and skip:
// valid hub frames whose payload is broken.
var malformed = []any{
	"not an object",
	map[string]any{"subscription": 5, "data": "garbage"},
	map[string]any{"data": map[string]any{"eventType": "NoSuchEvent", "entityId": "x"}},
	map[string]any{"data": map[string]any{"eventType": "UserCallInUserAllocated", "callerNumber": "+1"}},
	map[string]any{"data": map[string]any{"eventType": "UserStatus", "talking": true, "wrapUpStart": "yesterday"}},
	map[string]any{"data": map[string]any{"eventType": "UserAvailability", "availability": []int{1}, "startTime": 12}},
	map[string]any{"data": nil},
}

// Malformed sends every broken payload to every connection.
func (s *Sim) Malformed() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.conns {
		for _, m := range malformed {
			c.send(m)
		}
	}
	return nil
}
