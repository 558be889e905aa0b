// Command barewindow is the floor the window's start is measured against: the smallest
// Fyne window — one label, the same theme defaults, no database. bench/startup.sh
// starts it and qlhoi side by side and compares the time to the first frame and the
// private memory.
package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("vn.qlhoi.bench.bare")
	w := a.NewWindow("qlhoi-bare")
	w.SetContent(widget.NewLabel("Quản lý Hội quần chúng"))
	w.Resize(fyne.NewSize(1366, 768))
	w.ShowAndRun()
}
