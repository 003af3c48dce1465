// Package vendortest is the conformance suite every driver passes against
// its own simulator over real sockets on 127.0.0.1.
//
// A driver's test calls
//
//	func TestConformance(t *testing.T) {
//		vendortest.Run(t, vendortest.Harness{Driver: mitel.Driver{}})
//	}
//
// and the suite starts a fresh simulator (simulator.Start with the driver's
// name, so the simulator package must be imported) for each check.
package vendortest
