package app

import (
	"context"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"qlhoi/data"
	"qlhoi/data/demo"
)

// wizard is the first-run set-up: this office's name, code, level and parent, or the
// demo data to explore.
type wizard struct {
	u                         *UI
	name, code, parent, place *Entry
	level                     *widget.Select
	errs                      map[string]*canvas.Text
	create, useDemo           *widget.Button
}

// levelKeys are the levels a new office can have: province and commune. The district
// level was abolished on 1 July 2025; district offices already recorded keep their level.
var levelKeys = []data.Level{data.LevelProvince, data.LevelCommune}

func (u *UI) wizard() fyne.CanvasObject { return u.wizardFor(nil) }

// wizardFor builds the wizard and hands its state to seen (for tests).
func (u *UI) wizardFor(seen func(*wizard)) fyne.CanvasObject {
	w := &wizard{u: u, name: u.newEntry(), code: u.newEntryOf(KindOfficeCode), parent: u.newEntryOf(KindOfficeCode), place: u.newEntry(), errs: map[string]*canvas.Text{}}
	var levels []string
	for _, l := range levelKeys {
		levels = append(levels, u.T("level."+string(l)))
	}
	w.level = widget.NewSelect(levels, nil)
	w.level.SetSelectedIndex(0)
	w.name.SetPlaceHolder(u.T("wizard.name.hint"))
	w.code.SetPlaceHolder(u.T("wizard.code.hint"))
	w.parent.SetPlaceHolder(u.T("wizard.parent.hint"))
	w.place.SetPlaceHolder(u.T("wizard.place.hint"))
	row := func(key, field string, obj fyne.CanvasObject) []fyne.CanvasObject {
		e := errorLabel()
		w.errs[field] = e
		return []fyne.CanvasObject{widget.NewLabel(u.T(key)), container.NewVBox(obj, e)}
	}
	var rows []fyne.CanvasObject
	rows = append(rows, row("wizard.name", "name", w.name)...)
	rows = append(rows, row("wizard.code", "code", w.code)...)
	rows = append(rows, row("wizard.level", "level", w.level)...)
	rows = append(rows, row("wizard.parent", "parent", w.parent)...)
	rows = append(rows, row("wizard.place", "place", w.place)...)
	w.create = widget.NewButton(u.T("wizard.create"), w.onCreate)
	w.create.Importance = widget.HighImportance
	w.useDemo = widget.NewButton(u.T("wizard.demo"), w.onDemo)
	intro := widget.NewLabel(u.T("wizard.intro"))
	intro.Wrapping = fyne.TextWrapWord
	badge := u.newBadge()
	body := container.NewVBox(
		heading(u.T("wizard.title")), intro, formGrid(rows...),
		container.NewHBox(w.create, w.useDemo, layout.NewSpacer(), widget.NewLabel(u.T("typing.label")), badge),
	)
	u.onShortcut(fyne.KeyS, w.onCreate)
	if seen != nil {
		seen(w)
	}
	return container.NewPadded(container.NewCenter(container.NewGridWrap(fyne.NewSize(640, 600), body)))
}

func (w *wizard) onCreate() {
	for _, e := range w.errs {
		e.Text = ""
		e.Refresh()
	}
	o := &data.Office{Code: trimmed(w.code), Name: trimmed(w.name), Level: levelKeys[max(0, w.level.SelectedIndex())], Parent: trimmed(w.parent), Place: trimmed(w.place)}
	err := w.u.store.SetUp(w.u.ctx, o)
	if err == nil {
		_, err = w.u.store.SeedDefaultAgencies(w.u.ctx)
	}
	if err == nil {
		err = w.u.store.SeedDefaultProfile(w.u.ctx)
	}
	if err != nil {
		fields := data.FieldErrorsIn(err, w.u.tr.Lang)
		shown := false
		for f, msg := range fields {
			if e, ok := w.errs[f]; ok {
				e.Text = msg
				e.Refresh()
				shown = true
			}
		}
		if !shown {
			w.u.showError(err)
		}
		return
	}
	w.u.showMain()
}

func (w *wizard) onDemo() {
	w.u.runLong(w.u.T("wizard.demo.loading"), func(ctx context.Context, _ func(float64)) error {
		return demo.Load(ctx, w.u.store)
	}, func(err error) {
		if err != nil {
			w.u.showError(err)
			return
		}
		w.u.showMain()
	})
}
