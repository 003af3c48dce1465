package openscape_test

import (
	"testing"

	"tandem/vendors/openscape"
	_ "tandem/vendors/openscape/openscapesim"
	"tandem/vendors/vendortest"
)

func TestConformance(t *testing.T) { vendortest.Run(t, vendortest.Harness{Driver: openscape.Driver{}}) }
