package app

import (
	"errors"
	"os"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"

	"qlhoi/app/native"
	"qlhoi/data"
)

// fileDialog is a file or folder dialog that opens where the clerk last was (or on
// the USB stick, or in Documents) and, for files, shows only the types that fit.
type fileDialog interface {
	SetLocation(fyne.ListableURI)
	Show()
}

// showFileDialog sets the dialog's start folder and type filter, then shows it.
func (u *UI) showFileDialog(d fileDialog, exts ...string) { u.showFileDialogAt(d, "", exts...) }

// showFileDialogAt is showFileDialog starting in the folder start ("": the usual one).
func (u *UI) showFileDialogAt(d fileDialog, start string, exts ...string) {
	if start == "" {
		start = u.startFolder()
	}
	if dir := start; dir != "" {
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

// prefLastFolder is the preference that keeps the last folder used across starts
// (Fyne's preferences: per user and machine, not in the database), one per database:
// another office's database on the machine has its own folders.
const prefLastFolder = "files.last_folder"

// folderPref is the preference key of a kind of folder for this database.
func (u *UI) folderPref(kind string) string {
	if u.store == nil {
		return kind
	}
	return kind + ":" + u.store.Path()
}

// usedFolder remembers the folder of a file the clerk chose, for the next dialog, and
// after a restart (the file dialog forgot it).
func (u *UI) usedFolder(path string) {
	if path == "" {
		return
	}
	dir := filepath.Dir(path)
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		dir = path
	}
	u.lastFolder = dir
	if a := fyne.CurrentApp(); a != nil {
		a.Preferences().SetString(u.folderPref(prefLastFolder), dir)
	}
}

// startFolder is where a file dialog opens: the last folder used, else a USB stick
// mounted under /media (Linux), else Documents, else the home folder.
func (u *UI) startFolder() string {
	if u.lastFolder == "" {
		if a := fyne.CurrentApp(); a != nil {
			u.lastFolder = a.Preferences().String(u.folderPref(prefLastFolder))
		}
	}
	if u.lastFolder != "" {
		if _, err := os.Stat(u.lastFolder); err == nil {
			return u.lastFolder
		}
	}
	if stick := usbStick(); stick != "" {
		return stick
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	for _, d := range []string{filepath.Join(home, "Documents"), filepath.Join(home, "Tài liệu"), home} {
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
	}
	return ""
}

// usbStick is the first USB stick plugged in: a removable drive on Windows, a
// folder mounted under /media/USER on Linux ("" if none).
func usbStick() string {
	if d := removableDrives(); len(d) > 0 {
		return d[0]
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	if sticks, _ := filepath.Glob(filepath.Join("/media", filepath.Base(home), "*")); len(sticks) > 0 {
		return sticks[0]
	}
	return ""
}

// prefBackupFolder keeps the folder of the last backup: backups go where the office
// keeps them, whatever other files the clerk opened since.
const prefBackupFolder = "files.backup_folder"

// backupFolder is where the backup dialog opens: where the last backup went, else a
// USB stick, else the "sao-luu" folder beside the database.
func (u *UI) backupFolder() string {
	if a := fyne.CurrentApp(); a != nil {
		if dir := a.Preferences().String(u.folderPref(prefBackupFolder)); dir != "" {
			if st, err := os.Stat(dir); err == nil && st.IsDir() {
				return dir
			}
		}
	}
	if stick := usbStick(); stick != "" {
		return stick
	}
	dir := filepath.Join(filepath.Dir(u.store.Path()), "sao-luu")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return ""
	}
	return dir
}

// backedUpIn remembers the folder of a backup for the next one.
func (u *UI) backedUpIn(path string) {
	if a := fyne.CurrentApp(); a != nil {
		a.Preferences().SetString(u.folderPref(prefBackupFolder), filepath.Dir(path))
	}
}

var _ fileDialog = (*dialog.FileDialog)(nil)

// The file questions the window asks, in one place: on Windows the system's own
// dialogs (app/native: a path box, the user's places, Windows' language), elsewhere
// Fyne's. Each starts in the folder last used (remembered across starts); then gets
// the path chosen, and is not called when the clerk cancels.

// askOpen asks for a file to open, of the types exts (".qlb").
func (u *UI) askOpen(title string, exts []string, then func(path string)) {
	u.askOpenAt("", title, exts, then)
}

// askOpenAt is askOpen opening in the folder start ("" or a folder that is not
// there: the usual one).
func (u *UI) askOpenAt(start, title string, exts []string, then func(path string)) {
	if st, err := os.Stat(start); err != nil || !st.IsDir() {
		start = ""
	}
	if u.systemDialogs {
		u.askNative(start, func(dir string) (string, error) { return native.Open(title, dir, nativeFilters(exts)) }, then)
		return
	}
	u.showFileDialogAt(dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := filepath.FromSlash(r.URI().Path())
		if err := r.Close(); err != nil {
			u.showError(err)
			return
		}
		u.usedFolder(path)
		then(path)
	}, u.win), start, exts...)
}

// askSave asks where to save a file, offering name.
func (u *UI) askSave(title, name string, exts []string, then func(path string)) {
	u.askSaveAt("", title, name, exts, then)
}

// askSaveAt is askSave opening in the folder start ("": the usual one).
func (u *UI) askSaveAt(start, title, name string, exts []string, then func(path string)) {
	if u.systemDialogs {
		u.askNative(start, func(dir string) (string, error) { return native.Save(title, dir, name, nativeFilters(exts)) }, then)
		return
	}
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil {
			u.showError(&data.Error{Code: "ErrSaveLocation", Message: data.Catalogue["ErrSaveLocation"].Vi, Err: err})
			return
		}
		if w == nil {
			return
		}
		path, err := chosenPath(w)
		if err != nil {
			u.showError(&data.Error{Message: u.T("report.write_failed", path)})
			return
		}
		u.usedFolder(path)
		then(path)
	}, u.win)
	d.SetFileName(name)
	u.showFileDialogAt(d, start, exts...)
}

// askFolder asks for a folder.
func (u *UI) askFolder(title string, then func(path string)) {
	if u.systemDialogs {
		u.askNative("", func(dir string) (string, error) { return native.Folder(title, dir) }, then)
		return
	}
	u.showFileDialog(dialog.NewFolderOpen(func(l fyne.ListableURI, err error) {
		if err == nil && l != nil {
			path := filepath.FromSlash(l.Path())
			u.usedFolder(path)
			then(path)
		}
	}, u.win))
}

// askNative shows a system dialog off the window's thread (it waits for the clerk)
// and hands the answer back to it.
func (u *UI) askNative(dir string, ask func(dir string) (string, error), then func(path string)) {
	if dir == "" {
		dir = u.startFolder()
	}
	go func() {
		path, err := ask(dir)
		fyne.Do(func() {
			switch {
			case errors.Is(err, native.ErrCancelled):
			case err != nil:
				u.showError(&data.Error{Code: "ErrSaveLocation", Message: data.Catalogue["ErrSaveLocation"].Vi, Err: err})
			default:
				u.usedFolder(path)
				then(path)
			}
		})
	}()
}

// nativeFilters are the types of a dialog, for the system's.
func nativeFilters(exts []string) []native.Filter {
	if len(exts) == 0 {
		return nil
	}
	var bare []string
	for _, e := range exts {
		bare = append(bare, strings.TrimPrefix(e, "."))
	}
	return []native.Filter{{Desc: strings.Join(exts, ", "), Exts: bare}}
}
