package app

import (
	"fmt"
	"image/color"
	"slices"
	"sort"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qlhoi/data"
	"qlhoi/data/store"
)

// overview (Tổng quan) shows what needs attention today: tasks overdue, due soon and
// done this year by agency; associations whose term ends soon or whose congress is
// overdue; association counts by scope and field. Each item opens its record.
type overview struct {
	u    *UI
	root *fyne.Container
	// totals are the figures of the four tiles as last shown.
	totals struct{ overdue, dueSoon, done, attention int }
}

func newOverview(u *UI) *overview {
	return &overview{u: u, root: container.NewStack()}
}

func (o *overview) title() string           { return o.u.T("nav.overview") }
func (o *overview) icon() fyne.Resource     { return theme.HomeIcon() }
func (o *overview) view() fyne.CanvasObject { return o.root }
func (o *overview) leave(then func()) bool  { return true }

// overviewData is everything the overview shows, loaded in one go.
type overviewData struct {
	rates    []data.AgencyRate
	counts   map[string]store.TaskCount // per agency: totals of due soon and done this year
	agencies map[string]string
	alerts   []alertRow
	stats    []store.ScopeFieldCount
}

type alertRow struct {
	a     *data.Association
	alert data.Alert
}

func (o *overview) load() (*overviewData, error) {
	u := o.u
	ctx, today := u.ctx, u.today()
	days := u.store.IntSetting(ctx, store.SettingDueSoonDays, data.DefaultDueSoonDays)
	counts, err := u.store.CountTasks(ctx, today, days)
	if err != nil {
		return nil, err
	}
	ags, err := u.store.Agencies(ctx)
	if err != nil {
		return nil, err
	}
	scope, err := u.store.Subtree(ctx, u.store.Office())
	if err != nil {
		return nil, err
	}
	// This office's work only: a province's tasks led by its own bodies came down with
	// its directives and were counted as the commune's.
	mine := map[string]bool{"": true}
	for _, a := range ags {
		mine[a.ID] = u.concerns(a, scope)
	}
	counts = slices.DeleteFunc(counts, func(c store.TaskCount) bool { return !mine[c.Lead] })
	d := &overviewData{rates: store.Rates(counts), counts: map[string]store.TaskCount{}, agencies: map[string]string{}}
	for _, c := range counts {
		t := d.counts[c.Lead]
		t.DueSoon += c.DueSoon
		t.DoneThisYear += c.DoneThisYear
		d.counts[c.Lead] = t
	}
	for _, a := range ags {
		d.agencies[a.ID] = a.Name
	}
	store.SortVietnamese(d.rates, func(r data.AgencyRate) string { return d.agencies[r.Agency] })
	by, months := u.store.TermEndingBy(ctx)
	list, _, err := u.store.FindAssociations(ctx, store.AssociationFilter{Status: data.StatusActive, TermEndsBy: by})
	if err != nil {
		return nil, err
	}
	for _, a := range list {
		for _, al := range a.Alerts(today, months, []int{today.Year() - 1}) {
			if al.Kind != data.AlertNoFigures {
				d.alerts = append(d.alerts, alertRow{a, al})
			}
		}
	}
	d.stats, err = u.store.AssociationStats(ctx)
	return d, err
}

// refresh loads the figures off the UI thread (on 200,000 tasks they take a few
// hundred milliseconds), then shows them.
func (o *overview) refresh() {
	if len(o.root.Objects) == 0 {
		o.root.Objects = []fyne.CanvasObject{container.NewCenter(widget.NewLabel(o.u.T("progress.wait")))}
		o.root.Refresh()
	}
	o.u.bg(func() {
		d, err := o.load()
		fyne.Do(func() {
			if err != nil {
				o.u.showError(err)
				return
			}
			o.render(d)
			o.u.settled()
		})
	})
}

func (o *overview) render(d *overviewData) {
	u := o.u
	var overdue, soon, done int
	for _, r := range d.rates {
		overdue += r.Counts[data.Overdue]
		soon += d.counts[r.Agency].DueSoon
		done += d.counts[r.Agency].DoneThisYear
	}
	o.totals.overdue, o.totals.dueSoon, o.totals.done, o.totals.attention = overdue, soon, done, len(d.alerts)
	tiles := container.NewGridWithColumns(4,
		tile(u.T("overview.overdue"), overdue, colorOverdue, func() { o.openTasks("", "overdue") }),
		tile(u.T("overview.due_soon"), soon, colorDueSoon, func() { o.openTasks("", "due_soon") }),
		tile(u.T("overview.done_year", u.today().Year()), done, colorDone, func() { o.openTasks("", "done_year") }),
		tile(u.T("overview.attention"), len(d.alerts), colorPrimary, o.openTermList),
	)

	// Tasks by lead agency.
	grid := container.NewVBox(tableRow(bold(u.T("overview.col.agency")), boldWrapped(u.T("overview.col.overdue")), boldWrapped(u.T("overview.col.due_soon")),
		boldWrapped(u.T("overview.col.done")), boldWrapped(u.T("overview.col.rate"))))
	for _, r := range d.rates {
		agency := r.Agency
		name := link(d.agencies[agency], func() { o.openTasks(agency, "") })
		rate := "–"
		if r.Rate() >= 0 {
			rate = fmt.Sprintf("%.0f%%", r.Rate()*100)
		}
		grid.Add(tableRow(name,
			number(r.Counts[data.Overdue], colorOverdue, func() { o.openTasks(agency, "overdue") }),
			number(d.counts[agency].DueSoon, colorDueSoon, func() { o.openTasks(agency, "due_soon") }),
			number(d.counts[agency].DoneThisYear, colorDone, func() { o.openTasks(agency, "done_year") }),
			widget.NewLabel(rate)))
	}

	// Associations needing attention.
	alerts := container.NewVBox()
	if len(d.alerts) == 0 {
		alerts.Add(widget.NewLabel(u.T("overview.no_alerts")))
	}
	// The most urgent first; a long list stays one click away on the Hội screen.
	sort.SliceStable(d.alerts, func(i, j int) bool { return d.alerts[i].a.TermEnd.Before(d.alerts[j].a.TermEnd) })
	shown := d.alerts
	if len(shown) > maxAlerts {
		shown = shown[:maxAlerts]
	}
	for _, al := range shown {
		a := al.a
		imp := widget.MediumImportance
		if al.alert.Kind == data.AlertCongressOverdue {
			imp = widget.DangerImportance
		}
		alerts.Add(linkWith(a.Name+" — "+o.alertText(a, al.alert), imp, func() { o.openAssociation(a.ID) }))
	}
	if len(d.alerts) > maxAlerts {
		more := widget.NewButton(u.T("overview.more", data.FormatInt(int64(len(d.alerts)-maxAlerts))), o.openTermList)
		more.Alignment = widget.ButtonAlignLeading
		alerts.Add(more)
	}

	// Counts by scope and field.
	stats := container.NewVBox(tableRow(container.NewGridWithColumns(2, bold(u.T("field.scope")), bold(u.T("field.field"))),
		bold(u.T("overview.col.count")), bold(u.T("overview.col.assigned"))))
	for _, c := range d.stats {
		scope, field := c.Scope, c.Field
		b := link(u.T("level."+string(scope)), func() { o.openList(scope, field) })
		fl := widget.NewLabel(field)
		fl.Truncation = fyne.TextTruncateEllipsis
		stats.Add(tableRow(container.NewGridWithColumns(2, b, fl),
			widget.NewLabel(data.FormatInt(int64(c.N))), widget.NewLabel(data.FormatInt(int64(c.Assigned)))))
	}

	body := container.NewVBox(
		heading(u.T("overview.title", u.today().String())),
		tiles,
		widget.NewCard(u.T("overview.tasks"), "", grid),
		widget.NewCard(u.T("overview.associations"), "", alerts),
		widget.NewCard(u.T("overview.stats"), "", stats),
	)
	o.root.Objects = []fyne.CanvasObject{container.NewVScroll(container.NewPadded(body))}
	o.root.Refresh()
}

// openTasks opens the task list filtered to an agency (all agencies if "") and a
// status: "" open tasks, "overdue", "due_soon" or "done_year".
// alertText says an alert in the interface language.
func (o *overview) alertText(a *data.Association, al data.Alert) string {
	switch al.Kind {
	case data.AlertCongressOverdue, data.AlertTermEnding:
		return o.u.T("alert."+string(al.Kind), a.TermEnd.String())
	}
	return al.Message
}

func (o *overview) openTasks(agency, what string) {
	t, i := screenOf[*tasks](o.u)
	t.filterAgency(agency, what)
	o.u.show(i)
}

func (o *overview) openAssociation(id string) {
	a, i := screenOf[*associations](o.u)
	o.u.show(i)
	a.open(id)
}

// maxAlerts is how many associations the overview lists by name.
const maxAlerts = 25

func (o *overview) openTermList() {
	a, i := screenOf[*associations](o.u)
	a.termBy.SetSelectedIndex(1)
	o.u.show(i)
}

func (o *overview) openList(scope data.Scope, field string) {
	a, i := screenOf[*associations](o.u)
	a.presetFilter(scope, field)
	o.u.show(i)
}

// tile is a figure with its label that opens the list behind it when tapped (or
// focused and Space pressed): a flat button under the card takes the tap.
func tile(label string, n int, c color.Color, open func()) fyne.CanvasObject {
	num := canvas.NewText(data.FormatInt(int64(n)), c)
	num.TextSize = 30
	num.TextStyle.Bold = true
	num.Alignment = fyne.TextAlignCenter
	l := widget.NewLabelWithStyle(label, fyne.TextAlignCenter, fyne.TextStyle{})
	l.Wrapping = fyne.TextWrapWord
	b := widget.NewButton("", open)
	b.Importance = widget.LowImportance
	return container.NewStack(b, widget.NewCard("", "", container.NewVBox(num, l)))
}

// link is a text that opens something when tapped; a long text is cut with "…"
// rather than widening the window.
func link(text string, open func()) fyne.CanvasObject {
	return linkWith(text, widget.HighImportance, open)
}

func linkWith(text string, imp widget.Importance, open func()) fyne.CanvasObject {
	b := widget.NewButton("", open)
	b.Importance = widget.LowImportance
	l := widget.NewLabel(text)
	l.Truncation = fyne.TextTruncateEllipsis
	l.Importance = imp
	return container.NewStack(b, l)
}

// number is a count in a table cell that opens its list when tapped.
func number(n int, c color.Color, open func()) fyne.CanvasObject {
	b := widget.NewButton("", open)
	b.Importance = widget.LowImportance
	if n == 0 {
		return container.NewStack(b, widget.NewLabel("0"))
	}
	t := canvas.NewText(data.FormatInt(int64(n)), c)
	t.TextStyle.Bold = true
	t.TextSize = theme.Size(theme.SizeNameText)
	return container.NewStack(b, container.NewPadded(t))
}

// tableRow lays out a row: first takes the free width, the other cells 130 units each,
// so long agency names never push the window wider than the screen.
func tableRow(first fyne.CanvasObject, cells ...fyne.CanvasObject) fyne.CanvasObject {
	h := first.MinSize().Height
	for _, c := range cells {
		h = max(h, c.MinSize().Height)
	}
	return border(nil, nil, nil, container.New(fixedColumns{130, h}, cells...), first)
}

// fixedColumns lays its objects side by side, each width wide.
type fixedColumns struct{ width, height float32 }

func (f fixedColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(f.width*float32(len(objs)), f.height)
}

func (f fixedColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for i, o := range objs {
		o.Move(fyne.NewPos(f.width*float32(i), 0))
		o.Resize(fyne.NewSize(f.width, size.Height))
	}
}

// boldWrapped is a column heading cut with "…" if its column is too narrow.
func boldWrapped(s string) *widget.Label {
	l := bold(s)
	l.Truncation = fyne.TextTruncateEllipsis
	return l
}

func bold(s string) *widget.Label {
	return widget.NewLabelWithStyle(s, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
}
