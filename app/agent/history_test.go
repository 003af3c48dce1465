package agent

import (
	"fmt"
	"slices"
	"testing"

	"tandem/vendors"
)

// TestHistory adds contacts one by one and checks, after each, that the
// list is the newest ones first up to the limit, and that every list
// handed out earlier still reads as it did (nobody wrote into it).
func TestHistory(t *testing.T) {
	for _, tc := range []struct{ limit, adds int }{
		{1, 5}, {2, 7}, {3, 3}, {5, 23}, {500, 1234},
	} {
		t.Run(fmt.Sprintf("limit %d, %d contacts", tc.limit, tc.adds), func(t *testing.T) {
			var h history
			var handed [][]Contact
			var want [][]string
			for i := 0; i < tc.adds; i++ {
				got := h.add(Contact{Contact: vendors.Contact{ID: fmt.Sprint(i)}}, tc.limit)
				var w []string
				for j := i; j >= 0 && len(w) < tc.limit; j-- {
					w = append(w, fmt.Sprint(j))
				}
				handed, want = append(handed, got), append(want, w)
				if cap(got) != len(got) {
					t.Fatalf("after %d: a list with room to append (len %d cap %d)", i, len(got), cap(got))
				}
			}
			for i, got := range handed {
				ids := make([]string, len(got))
				for j, c := range got {
					ids[j] = c.ID
				}
				if !slices.Equal(ids, want[i]) {
					t.Fatalf("list %d reads %v, want %v", i, ids, want[i])
				}
			}
		})
	}
}

func BenchmarkHistoryAdd(b *testing.B) {
	var h history
	c := Contact{Contact: vendors.Contact{ID: "C1", From: "+4930555000"}}
	b.ReportAllocs()
	for b.Loop() {
		h.add(c, 500)
	}
}
