//go:build linux

package native

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Available says the system's dialogs are used: when zenity is installed (make run
// installs it; without it the window uses Fyne's dialogs).
func Available() bool {
	_, err := exec.LookPath("zenity")
	return err == nil
}

// zenity runs a zenity file chooser and returns the path chosen.
func zenity(args ...string) (string, error) {
	cmd := exec.Command("zenity", append([]string{"--file-selection"}, args...)...)
	// Its arguments hold Vietnamese letters: a UTF-8 character type whatever the
	// user's locale (a locale not installed falls back to ASCII, and zenity then
	// refuses the title); settings in memory, so no dconf service is asked for.
	env := make([]string, 0, len(os.Environ())+2)
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "LC_ALL=") {
			env = append(env, e)
		}
	}
	cmd.Env = append(env, "LC_CTYPE=C.UTF-8", "GSETTINGS_BACKEND=memory")
	out, err := cmd.Output()
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 1 {
		return "", ErrCancelled
	}
	if err != nil {
		return "", fmt.Errorf("zenity: %w", err)
	}
	path := strings.TrimRight(string(out), "\r\n")
	if path == "" {
		return "", ErrCancelled
	}
	return path, nil
}

// filterArgs are the file types as zenity's filters, then every file.
func filterArgs(filters []Filter) []string {
	var args []string
	for _, f := range filters {
		var globs []string
		for _, e := range f.Exts {
			globs = append(globs, "*."+strings.ToLower(e), "*."+strings.ToUpper(e))
		}
		args = append(args, "--file-filter="+f.Desc+" | "+strings.Join(globs, " "))
	}
	if len(args) > 0 {
		args = append(args, "--file-filter=Mọi tệp | *")
	}
	return args
}

// inDir is dir as zenity's start: a folder ends with a slash.
func inDir(dir string) string {
	if dir == "" {
		return ""
	}
	return strings.TrimSuffix(dir, "/") + "/"
}

// Open asks for a file to open, starting in dir. It blocks until the clerk answers.
func Open(title, dir string, filters []Filter) (string, error) {
	return zenity(append([]string{"--title=" + title, "--filename=" + inDir(dir)}, filterArgs(filters)...)...)
}

// Save asks where to save a file, offering name in dir; an existing file is asked
// about before it is replaced.
func Save(title, dir, name string, filters []Filter) (string, error) {
	return zenity(append([]string{"--save", "--confirm-overwrite", "--title=" + title, "--filename=" + filepath.Join(dir, name)}, filterArgs(filters)...)...)
}

// Folder asks for a folder, starting in dir.
func Folder(title, dir string) (string, error) {
	return zenity("--directory", "--title="+title, "--filename="+inDir(dir))
}
