// Package all links every driver and simulator into a binary: import it
// for its side effects.
package all

import (
	_ "tandem/vendors/clarity"
	_ "tandem/vendors/clarity/claritysim"
	_ "tandem/vendors/demo"
	_ "tandem/vendors/enreach"
	_ "tandem/vendors/enreach/enreachsim"
	_ "tandem/vendors/incontact"
	_ "tandem/vendors/incontact/incontactsim"
	_ "tandem/vendors/mitel"
	_ "tandem/vendors/mitel/mitelsim"
	_ "tandem/vendors/openscape"
	_ "tandem/vendors/openscape/openscapesim"
)
