package assets

import (
	_ "embed"
	"strings"
)

//go:embed VERSION
var versionFile string

// Version is qlhoi's version, from the one file assets/VERSION (the Makefile reads the
// same file for the exe's version resource, the installer and the portable zip).
var Version = strings.TrimSpace(versionFile)
