package app

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"qlhoi/assets"
	"qlhoi/data/logfile"
)

// aboutCard is Settings → About: the version (from assets/VERSION, the same file the
// Windows version resource and the installer are made from), the data folder and the
// error log to send with a bug report.
func (u *UI) aboutCard() fyne.CanvasObject {
	return widget.NewCard(u.T("settings.about"), "", container.NewVBox(
		widget.NewLabel(u.T("settings.about.version", assets.Version)),
		wrapLabel(u.T("settings.about.folder", filepath.Dir(u.store.Path()))),
		wrapLabel(u.T("settings.about.log", logfile.Path(u.store.Path()))),
	))
}
