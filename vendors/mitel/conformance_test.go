package mitel_test

import (
	"testing"

	"tandem/vendors/mitel"
	_ "tandem/vendors/mitel/mitelsim"
	"tandem/vendors/vendortest"
)

func TestConformance(t *testing.T) { vendortest.Run(t, vendortest.Harness{Driver: mitel.Driver{}}) }
