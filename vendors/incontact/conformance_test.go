package incontact_test

import (
	"testing"

	"tandem/vendors/incontact"
	_ "tandem/vendors/incontact/incontactsim"
	"tandem/vendors/vendortest"
)

func TestConformance(t *testing.T) { vendortest.Run(t, vendortest.Harness{Driver: incontact.Driver{}}) }
