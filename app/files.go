package app

import (
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// fileDialog is a file or folder dialog that opens where the clerk last was (or on
// the USB stick, or in Documents) and, for files, shows only the types that fit.
type fileDialog interface {
	SetLocation(fyne.ListableURI)
	Show()
}

// showFileDialog sets the dialog's start folder and type filter, then shows it.
func (u *UI) showFileDialog(d fileDialog, exts ...string) {
	if dir := u.startFolder(); dir != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(dir)); err == nil {
			d.SetLocation(l)
		}
	}
	if len(exts) > 0 {
		if f, ok := d.(interface{ SetFilter(storage.FileFilter) }); ok {
			f.SetFilter(storage.NewExtensionFileFilter(exts))
		}
	}
	if r, ok := d.(interface{ Resize(fyne.Size) }); ok {
		r.Resize(u.dialogSize(fyne.NewSize(900, 640)))
	}
	// Closed (picked or cancelled), the focus goes back to what opened it; what the
	// pick opens next (a wizard) takes it from there.
	prev := u.win.Canvas().Focused()
	if prev == nil {
		prev = u.opener
	}
	u.opener = nil
	if c, ok := d.(interface{ SetOnClosed(func()) }); ok && prev != nil {
		c.SetOnClosed(func() { u.focus(prev) })
	}
	d.Show()
}

// chosenPath closes the file a save dialog made and returns where to write, with the
// spaces at either end of the name taken off: the Space that pressed the button can
// reach the dialog's name field (" DS-hoi.xlsx"). The empty file the dialog made under
// the spaced name is removed.
func chosenPath(w fyne.URIWriteCloser) (string, error) {
	path := filepath.FromSlash(w.URI().Path()) // a URI's path has "/" on Windows too
	if err := w.Close(); err != nil {
		return path, err
	}
	// The dialog made the file empty; the work writes it whole later, or not at all
	// when the clerk cancels a question that follows (a passphrase) or the work: an
	// empty file must not stay behind to be picked for a restore.
	if st, err := os.Stat(path); err == nil && st.Size() == 0 {
		_ = os.Remove(path) // best effort
	}
	dir, base := filepath.Split(path)
	trimmed := strings.TrimSpace(base)
	if trimmed == base || trimmed == "" {
		return path, nil
	}
	return filepath.Join(dir, trimmed), nil
}

// usedFolder remembers the folder of a file the clerk chose, for the next dialog.
func (u *UI) usedFolder(path string) {
	if path == "" {
		return
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		u.lastFolder = path
		return
	}
	u.lastFolder = filepath.Dir(path)
}

// startFolder is where a file dialog opens: the last folder used, else a USB stick
// mounted under /media (Linux), else Documents, else the home folder.
func (u *UI) startFolder() string {
	if u.lastFolder != "" {
		if _, err := os.Stat(u.lastFolder); err == nil {
			return u.lastFolder
		}
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	if user := filepath.Base(home); user != "" {
		if sticks, _ := filepath.Glob(filepath.Join("/media", user, "*")); len(sticks) > 0 {
			return sticks[0]
		}
	}
	for _, d := range []string{filepath.Join(home, "Documents"), filepath.Join(home, "Tài liệu"), home} {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
	}
	return ""
}

var _ fileDialog = (*dialog.FileDialog)(nil)
