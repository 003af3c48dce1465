package enreach

import (
	"math/rand/v2"

	"github.com/philippseith/signalr"
)

// ErrNoResult is errNoResult for the external tests.
var ErrNoResult = errNoResult

// OpenRetries is openRetries for the external tests.
const OpenRetries = openRetries

// Order is how ReorderInvokeResults hands a completion's InvokeResults on.
type Order int

const (
	// ErrorFirst hands the error part ({Error: nil} on success) before
	// the value, as the library does when its merging goroutine has not
	// run before the completion arrives.
	ErrorFirst Order = iota
	// RandomOrder picks either order, each completion anew.
	RandomOrder
)

// ReorderInvokeResults makes every hub invocation deliver its results in
// the order o, the other order the library may use (see invoke); the
// returned func restores the library's own order. Call it while no
// session runs.
func ReorderInvokeResults(o Order) (restore func()) {
	invokeResults = func(in <-chan signalr.InvokeResult) <-chan signalr.InvokeResult {
		out := make(chan signalr.InvokeResult, 8)
		go func() {
			defer close(out)
			var values, errs []signalr.InvokeResult
			for r := range in {
				if r.Value != nil {
					values = append(values, r)
				} else {
					errs = append(errs, r)
				}
			}
			first, second := errs, values
			if o == RandomOrder && rand.IntN(2) == 0 {
				first, second = values, errs
			}
			for _, r := range append(first, second...) {
				out <- r
			}
		}()
		return out
	}
	return func() { invokeResults = func(ch <-chan signalr.InvokeResult) <-chan signalr.InvokeResult { return ch } }
}
