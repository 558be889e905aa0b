//go:build !windows

package main

import (
	"fmt"
	"os"
)

// showFatal prints the message on stderr.
func showFatal(title, msg string) {
	fmt.Fprintln(os.Stderr, title+"\n\n"+msg)
}
