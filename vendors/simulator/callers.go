package simulator

import (
	"fmt"
	"math/rand/v2"
	"sync"
)

// Caller is a believable customer for a simulated contact.
type Caller struct {
	Name    string
	Number  string // E.164
	DNIS    string // the number they dialled
	Queue   string
	CRMID   string
	Account string
	Tier    string
	Topic   string
	Lang    string
}

// Data is the caller's attached data as a screen pop shows it.
func (c Caller) Data() map[string]string {
	return map[string]string{
		"crm_id":   c.CRMID,
		"account":  c.Account,
		"tier":     c.Tier,
		"topic":    c.Topic,
		"language": c.Lang,
	}
}

var (
	firstNames = []string{"Anna", "Ben", "Chloé", "Dmitri", "Elif", "Farah", "Gustav", "Hannah", "Ines", "Jonas", "Kenji", "Lena", "Mateo", "Nora", "Omar", "Priya", "Quentin", "Rosa", "Sven", "Tomás", "Ulla", "Vikram", "Wen", "Yara", "Zoë"}
	lastNames  = []string{"Andersson", "Becker", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Hansen", "Ivanova", "Jansen", "Kowalski", "Lindqvist", "Müller", "Nakamura", "O'Brien", "Petrov", "Rossi", "Schmidt", "Tanaka", "Virtanen", "Weber", "Yilmaz"}
	queues     = []struct{ Name, DNIS string }{
		{"Sales", "+4930555010"}, {"Support", "+4930555020"}, {"Billing", "+4930555030"}, {"Priority", "+4930555040"},
	}
	tiers  = []string{"Standard", "Gold", "Platinum"}
	topics = []string{"Invoice question", "Upgrade", "Login problem", "Delivery status", "Cancellation", "New order"}
	langs  = []string{"en", "de", "fr", "sv"}
)

// Callers generates believable callers; safe for concurrent use.
type Callers struct {
	mu  sync.Mutex
	rnd *rand.Rand
	n   int
}

// NewCallers returns a generator; the same seed gives the same callers.
func NewCallers(seed int64) *Callers {
	if seed == 0 {
		seed = rand.Int64()
	}
	return &Callers{rnd: rand.New(rand.NewPCG(uint64(seed), 0x7a4de3))}
}

// Next returns the next caller.
func (g *Callers) Next() Caller {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n++
	r := g.rnd
	q := queues[r.IntN(len(queues))]
	return Caller{
		Name:    firstNames[r.IntN(len(firstNames))] + " " + lastNames[r.IntN(len(lastNames))],
		Number:  fmt.Sprintf("+49%d%07d", 151+r.IntN(30), r.IntN(10000000)),
		DNIS:    q.DNIS,
		Queue:   q.Name,
		CRMID:   fmt.Sprintf("CRM-%06d", 100000+r.IntN(900000)),
		Account: fmt.Sprintf("%08d", r.IntN(100000000)),
		Tier:    tiers[r.IntN(len(tiers))],
		Topic:   topics[r.IntN(len(topics))],
		Lang:    langs[r.IntN(len(langs))],
	}
}

// Queues lists the queue names callers come from.
func Queues() []string {
	out := make([]string, len(queues))
	for i, q := range queues {
		out[i] = q.Name
	}
	return out
}
