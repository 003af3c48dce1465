package main

// Every platform's driver (and its simulator, for the demo's vendor=NAME
// option) registers itself when linked in.
import (
	_ "tandem/vendors/all"
)
