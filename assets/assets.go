// Package assets holds Tandem's artwork: the app icon (icon.svg, drawn by
// hand, rasterised to icon.png) and the README screenshot.
package assets

import _ "embed"

// IconPNG is the 512×512 app icon.
//
//go:embed icon.png
var IconPNG []byte
