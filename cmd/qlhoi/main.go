// Command qlhoi is the desktop application: it opens the office's database and hands
// the window to package app.
//
//	qlhoi [--db FILE] [--import BUNDLE.qlb]
//
// --import opens straight into the import preview of a bundle (what double-clicking a
// .qlb runs on Windows); when qlhoi is already open on the same database, that window
// takes the file and this start ends.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"path/filepath"
	"sync"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/lang"

	"qlhoi/app"
	"qlhoi/app/instance"
	"qlhoi/assets"
	"qlhoi/data"
	"qlhoi/data/logfile"
	"qlhoi/data/store"
)

const (
	prefWidth  = "window.width"
	prefHeight = "window.height"
)

func main() {
	dbPath := flag.String("db", store.DefaultPath(), "tệp cơ sở dữ liệu")
	screen := flag.String("screen", "", "màn hình mở đầu (cho ảnh chụp): overview, associations, association, tasks, task, agencies, reports, exchange, settings")
	size := flag.String("size", "", "kích thước cửa sổ RỘNGxCAO (cho ảnh chụp), ví dụ 1024x740")
	importFile := flag.String("import", "", "mở ngay phần xem trước khi nhập gói dữ liệu .qlb này")
	flag.Parse()
	if *importFile == "" && flag.NArg() == 1 && filepath.Ext(flag.Arg(0)) == ".qlb" {
		*importFile = flag.Arg(0) // "Open with" passes the file alone
	}
	if *importFile != "" {
		if abs, err := filepath.Abs(*importFile); err == nil {
			*importFile = abs
		}
		if instance.Handoff(*dbPath, *importFile) {
			return // the window already open shows it
		}
	}

	// Fyne only logs when no OpenGL window can be made: watch the log for it.
	watch := &app.StartWatch{}
	report := sync.OnceValue(func() int { return noOpenGL(*dbPath, watch) })
	watch.OnFailure = func() { os.Exit(report()) }
	// The log in the data folder: errors the window shows, Fyne's own messages and a
	// panic's report (the Windows exe has no console).
	var logOut io.Writer = io.Discard
	if lf, err := logfile.Open(*dbPath, "qlhoi"); err == nil {
		logOut = lf
	}
	log.SetOutput(io.MultiWriter(watch, os.Stderr, logOut))
	os.Exit(run(*dbPath, *screen, *size, *importFile, watch, report))
}

func run(dbPath, screen, size, importFile string, watch *app.StartWatch, report func() int) int {
	a := fyneapp.NewWithID("vn.qlhoi.app")
	icon := fyne.NewStaticResource("icon.png", assets.Icon)
	a.SetIcon(icon)
	a.Settings().SetTheme(app.NewTheme())

	db, err := store.Open(context.Background(), dbPath)
	if err != nil {
		// A message box on Windows: the GUI exe has no console for stderr.
		showFatal("qlhoi", "Lỗi: "+data.Message(err))
		return 1
	}
	defer db.Close()
	if l, _ := db.Setting(context.Background(), store.SettingLanguage); l != "en" {
		// Fyne follows the OS locale; Vietnamese offices often run English Windows.
		// qlhoi's own setting wins: its Vietnamese replaces whatever Fyne chose.
		for _, loc := range []fyne.Locale{lang.SystemLocale(), "en"} {
			_ = lang.AddTranslationsForLocale(assets.FyneVietnamese, loc)
		}
	}

	w := a.NewWindow("qlhoi – Quản lý Hội quần chúng")
	w.SetIcon(icon)
	p := a.Preferences()
	// The first window fits a 1024×768 screen with its taskbar; later ones keep the
	// size the clerk left.
	width, height := p.FloatWithFallback(prefWidth, 1000), p.FloatWithFallback(prefHeight, 680)
	if _, err := fmt.Sscanf(size, "%gx%g", &width, &height); size != "" && err != nil {
		fmt.Fprintln(os.Stderr, "Lỗi: --size phải có dạng RỘNGxCAO, ví dụ 1024x740.")
		return 2
	}
	w.Resize(fyne.NewSize(float32(width), float32(height)))
	w.SetCloseIntercept(func() {
		size := w.Canvas().Size()
		p.SetFloat(prefWidth, float64(size.Width))
		p.SetFloat(prefHeight, float64(size.Height))
		w.Close()
	})
	ui := app.New(w, db, app.Options{Start: screen, SystemDialogs: true, GiveBackMemory: true})
	// Later starts with a file hand it to this window.
	if inst, err := instance.Listen(dbPath, func(path string) {
		fyne.Do(func() {
			w.RequestFocus()
			ui.OpenBundle(path)
		})
	}); err == nil {
		defer inst.Close()
	} else {
		log.Printf("qlhoi: no hand-over of files from later starts: %v", err)
	}
	if importFile != "" {
		ui.OpenBundle(importFile)
	}
	w.ShowAndRun()
	if watch.Failed() {
		return report() // in case Fyne returned before OnFailure ended the process
	}
	return 0
}

// noOpenGL tells the user the window could not open for lack of OpenGL 2.1 and what
// to do, and writes the same to qlhoi.log in the data folder.
func noOpenGL(dbPath string, watch *app.StartWatch) int {
	dir := filepath.Dir(dbPath)
	logPath := filepath.Join(dir, app.LogFileName)
	msg := app.NoOpenGLMessage(logPath)
	if _, err := app.WriteStartLog(dir, time.Now(), msg, watch.Detail()); err != nil {
		msg = app.NoOpenGLMessage("")
	}
	showFatal(app.NoOpenGLTitle, msg)
	return 3
}
