// Command qlhoi is the desktop application: it opens the office's database and hands
// the window to package app.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/lang"

	"qlhoi/app"
	"qlhoi/assets"
	"qlhoi/data"
)

const (
	prefWidth  = "window.width"
	prefHeight = "window.height"
)

func main() {
	dbPath := flag.String("db", data.DefaultPath(), "tệp cơ sở dữ liệu")
	screen := flag.String("screen", "", "màn hình mở đầu (cho ảnh chụp): overview, associations, association, tasks, task, agencies, reports, exchange, settings")
	size := flag.String("size", "", "kích thước cửa sổ RỘNGxCAO (cho ảnh chụp), ví dụ 1024x740")
	flag.Parse()

	a := fyneapp.NewWithID("vn.qlhoi.app")
	icon := fyne.NewStaticResource("icon.png", assets.Icon)
	a.SetIcon(icon)
	a.Settings().SetTheme(app.NewTheme())

	store, err := data.Open(context.Background(), *dbPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "Lỗi: "+data.Message(err))
		os.Exit(1)
	}
	defer store.Close()
	if l, _ := store.Setting(context.Background(), data.SettingLanguage); l != "en" {
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
	if _, err := fmt.Sscanf(*size, "%gx%g", &width, &height); *size != "" && err != nil {
		fmt.Fprintln(os.Stderr, "Lỗi: --size phải có dạng RỘNGxCAO, ví dụ 1024x740.")
		os.Exit(2)
	}
	w.Resize(fyne.NewSize(float32(width), float32(height)))
	w.SetCloseIntercept(func() {
		size := w.Canvas().Size()
		p.SetFloat(prefWidth, float64(size.Width))
		p.SetFloat(prefHeight, float64(size.Height))
		w.Close()
	})
	app.New(w, store, app.Options{Start: *screen})
	w.ShowAndRun()
}
