package store

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Temporary files of ours in the data folder: the clear copy of an encrypted backup
// (keys included), the copy a restore checks, the decrypted records of a bundle being
// imported. Each is removed when its work ends; a killed process leaves it behind.
var leftoverPrefixes = []string{".qlhoi-sao-luu-", "qlhoi-restore-", ".qlhoi-nhap-", ".qlhoi-export-", ".qlhoi-xem-truoc-"}

// leftoverAge is how old a temporary file must be to be taken for a leftover: another
// process (qlhoictl beside the window) may be using a fresh one.
const leftoverAge = time.Hour

// removeLeftovers removes the temporary files of ours older than leftoverAge from the
// data folder, and the half-written ".tmp" of an automatic backup. Best effort: what
// cannot be removed stays.
func removeLeftovers(dir string, now time.Time) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		name := e.Name()
		ours := strings.Contains(name, ".truoc-") && strings.HasSuffix(name, ".db.tmp")
		for _, p := range leftoverPrefixes {
			ours = ours || strings.HasPrefix(name, p)
		}
		if !ours || e.IsDir() {
			continue
		}
		if info, err := e.Info(); err == nil && now.Sub(info.ModTime()) > leftoverAge {
			os.Remove(filepath.Join(dir, name))
		}
	}
}
