package enreach_test

import (
	"testing"

	"tandem/vendors/enreach"
	_ "tandem/vendors/enreach/enreachsim"
	"tandem/vendors/vendortest"
)

func TestConformance(t *testing.T) { vendortest.Run(t, vendortest.Harness{Driver: enreach.Driver{}}) }
