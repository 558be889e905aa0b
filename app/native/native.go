// Package native asks for files with the system's own dialogs where qlhoi has them:
// on Windows, the Open, Save and folder dialogs of Windows itself (a path box, the
// user's places, the system's language), through github.com/sqweek/dialog; on Linux,
// the desktop's GTK file chooser through the zenity program (a typed path, the
// desktop's places and language), when it is installed. Elsewhere Available is false
// and the window uses Fyne's dialogs.
package native

import "errors"

// ErrCancelled is the answer when the clerk closes the dialog without choosing.
var ErrCancelled = errors.New("native: cancelled")

// Filter is one choice of file types: a description and extensions without the dot.
type Filter struct {
	Desc string
	Exts []string
}
