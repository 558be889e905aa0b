//go:build windows

package native

import (
	"errors"

	"github.com/sqweek/dialog"
)

// Available says the system's dialogs are used: always on Windows.
func Available() bool { return true }

func builder(title, dir string, filters []Filter) *dialog.FileBuilder {
	b := dialog.File().Title(title).SetStartDir(dir)
	for _, f := range filters {
		b = b.Filter(f.Desc, f.Exts...)
	}
	return b.Filter("Mọi tệp", "*")
}

func answer(path string, err error) (string, error) {
	if errors.Is(err, dialog.ErrCancelled) {
		return "", ErrCancelled
	}
	return path, err
}

// Open asks for a file to open, starting in dir. It blocks until the clerk answers.
func Open(title, dir string, filters []Filter) (string, error) {
	return answer(builder(title, dir, filters).Load())
}

// Save asks where to save a file named name, starting in dir; Windows asks before
// overwriting a file.
func Save(title, dir, name string, filters []Filter) (string, error) {
	return answer(builder(title, dir, filters).SetStartFile(name).Save())
}

// Folder asks for a folder, starting in dir.
func Folder(title, dir string) (string, error) {
	return answer(dialog.Directory().Title(title).SetStartDir(dir).Browse())
}
