package app

import "path/filepath"

// defaultExportDir is where bundles go unless the user picks another folder: the first
// removable drive with media in it (the USB stick the bundle travels on) on Windows,
// otherwise the "trao-doi" folder beside the database.
func defaultExportDir(dbPath string) string {
	if d := removableDrives(); len(d) > 0 {
		return d[0]
	}
	return filepath.Join(filepath.Dir(dbPath), "trao-doi")
}
