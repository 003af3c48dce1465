package openscape_test

import (
	"context"
	"testing"
	"time"

	"tandem/vendors"
	"tandem/vendors/openscape"
	"tandem/vendors/openscape/openscapesim"
	"tandem/vendors/simulator"
)

// TestDemoTraffic: with Options.Rate the simulator offers calls on its own
// while the agent is ready, as the demo runs it.
func TestDemoTraffic(t *testing.T) {
	sim, err := openscapesim.Start(simulator.Options{Rate: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	sess, err := openscape.Driver{}.Open(ctx, sim.Config())
	if err != nil {
		t.Fatal(err)
	}
	r := &rig{t: t, sim: sim, sess: sess}
	defer sess.Close()
	r.do(vendors.Command{Kind: vendors.CmdReady})
	for i := 0; i < 2; i++ {
		ev := r.waitFor("an offered call", func(ev vendors.Event) bool {
			c, ok := ev.(vendors.ContactEvent)
			return ok && c.Contact.Status == vendors.ContactOffered && !c.Contact.Pending
		}).(vendors.ContactEvent)
		c := ev.Contact
		if c.From == "" || c.Name == "" || c.Queue == "" || len(c.Data) == 0 {
			t.Errorf("thin screen pop: %+v", c)
		}
		r.do(vendors.Command{Kind: vendors.CmdAnswer, Contact: c.ID})
		r.do(vendors.Command{Kind: vendors.CmdHangup, Contact: c.ID})
		r.do(vendors.Command{Kind: vendors.CmdWrapUp, Contact: c.ID, Code: "1"})
	}
}
