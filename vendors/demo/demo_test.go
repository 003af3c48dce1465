package demo_test

import (
	"testing"

	"tandem/vendors/demo"
	"tandem/vendors/vendortest"
)

func TestConformance(t *testing.T) {
	vendortest.Run(t, vendortest.Harness{Driver: demo.Driver{}})
}
