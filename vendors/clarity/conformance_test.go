package clarity_test

import (
	"testing"

	"tandem/vendors/clarity"
	_ "tandem/vendors/clarity/claritysim"
	"tandem/vendors/vendortest"
)

func TestConformance(t *testing.T) { vendortest.Run(t, vendortest.Harness{Driver: clarity.Driver{}}) }
