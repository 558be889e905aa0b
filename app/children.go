package app

import (
	"slices"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qlhoi/data"
	"qlhoi/data/store"
)

// associationPicker chooses an association by typing part of its name (with or
// without diacritics) and picking among the matches: never by the first fuzzy match.
type associationPicker struct {
	search *Entry
	pick   *widget.Select
	ids    []string
	id     string
}

// pickAssociation binds a picker to an association id field; self is left out of the
// matches.
func (u *UI) pickAssociation(f *form, label, name string, v *string, self string) *associationPicker {
	p := &associationPicker{search: u.newEntry(), pick: widget.NewSelect(nil, nil)}
	p.search.SetPlaceHolder(u.T("picker.search"))
	p.pick.PlaceHolder = u.T("picker.pick")
	p.search.OnChanged = func(text string) { p.find(u, text, self) }
	if *v != "" {
		if a, err := store.Get[data.Association](u.ctx, u.store, *v); err == nil {
			p.search.SetText(a.Name)
		}
		p.id = *v
		p.selectID(*v)
	}
	ff := f.add(label, name, p.search, container.NewVBox(p.search, p.pick), func() string {
		if strings.TrimSpace(p.search.Text) == "" {
			*v = ""
			return ""
		}
		if p.id == "" {
			return u.T("form.no_such_association")
		}
		*v = p.id
		return ""
	})
	p.search.OnChanged = func(text string) { p.find(u, text, self); ff.fire() }
	p.pick.OnChanged = func(string) {
		if i := p.pick.SelectedIndex(); i >= 0 && i < len(p.ids) {
			p.id = p.ids[i]
		}
		ff.fire()
	}
	return p
}

// find offers the associations matching text; an exact name is chosen at once.
func (p *associationPicker) find(u *UI, text, self string) {
	p.id, p.ids = "", nil
	var names, full []string
	if strings.TrimSpace(text) != "" {
		list, _, err := u.store.FindAssociations(u.ctx, store.AssociationFilter{Query: text, Limit: 12})
		if err != nil {
			u.showError(err)
		}
		for _, a := range list {
			if a.ID != self {
				p.ids = append(p.ids, a.ID)
				// Bounded: a drop-down is as wide as its longest choice, and a long
				// name widened the window past 1024.
				names = append(names, data.Shorten(a.Name, 60))
				full = append(full, a.Name)
			}
		}
	}
	p.pick.Options = names
	p.pick.ClearSelected()
	for i, n := range full {
		if data.Fold(n) == data.Fold(text) || len(names) == 1 {
			p.pick.SetSelectedIndex(i)
			p.id = p.ids[i]
		}
	}
	p.pick.Refresh()
}

func (p *associationPicker) selectID(id string) {
	if i := slices.Index(p.ids, id); i >= 0 {
		p.pick.SetSelectedIndex(i)
	}
}

// childTab is a tab of an association's record that lists its rows of one kind
// (leaders, figures, inspections, events) with add, edit, delete and restore.
type childTab[T any, P interface {
	*T
	data.Record
}] struct {
	r       *record
	title   string // the dialog title key stem: "leader" gives leader.add, leader.edit
	header  []string
	weights []float32
	cells   func(P) []string
	less    func(a, b P) int
	fresh   func() P
	fields  func(f *form, rec P)
	label   func(P) string // names a row in messages
}

func (c childTab[T, P]) view() fyne.CanvasObject {
	u := c.r.u
	all, err := store.List[T, P](u.ctx, u.store, "association", c.r.a.ID)
	if err != nil {
		return widget.NewLabel(u.message(err))
	}
	if c.less != nil {
		slices.SortStableFunc(all, c.less)
	}
	rows := container.NewVBox(tableLine(c.weights, headerCells(c.header), nil))
	for _, rec := range all {
		edit := u.returnsFocus(widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() { c.onEdit(rec) }))
		del := u.returnsFocus(widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { c.onDelete(rec) }))
		rows.Add(tableLine(c.weights, textCells(c.cells(rec)), container.NewHBox(edit, del)))
	}
	if len(all) == 0 {
		rows.Add(widget.NewLabel(u.T("table.empty")))
	}
	add := u.returnsFocus(widget.NewButtonWithIcon(u.T(c.title+".add"), theme.ContentAddIcon(), func() { c.onAdd() }))
	add.Importance = widget.HighImportance
	if c.r.addButtons == nil {
		c.r.addButtons = map[string]*widget.Button{}
	}
	c.r.addButtons[c.title] = add
	deleted := u.returnsFocus(widget.NewButtonWithIcon(u.T("deleted.title"), theme.HistoryIcon(), func() {
		showDeletedOf[T, P](u, u.T("deleted.rows"), func(rec P) bool { return store.AssociationOf(rec) == c.r.a.ID }, c.r.reopen)
	}))
	return border(nil, container.NewHBox(add, layout.NewSpacer(), deleted), nil, nil, container.NewScroll(rows))
}

func (c childTab[T, P]) onAdd() *form {
	u := c.r.u
	rec := c.fresh()
	return c.edit(u.T(c.title+".add"), rec, func() error { return u.store.Create(u.ctx, rec) })
}

func (c childTab[T, P]) onEdit(cur P) *form {
	u := c.r.u
	cp := *cur
	rec := P(&cp)
	return c.edit(u.T(c.title+".edit"), rec, func() error { return u.store.Update(u.ctx, rec) })
}

// edit shows rec's form in a dialog; write saves it, then the record shows again.
func (c childTab[T, P]) edit(title string, rec P, write func() error) *form {
	u := c.r.u
	f := u.newForm()
	f.ownedBy(rec.RecordMeta().Office)
	c.fields(f, rec)
	u.editDialog(title, f, fyne.NewSize(640, 560), func() bool {
		if !f.save(rec, write) {
			return false
		}
		c.reopen()
		return true
	})
	return f
}

func (c childTab[T, P]) onDelete(rec P) {
	u := c.r.u
	u.confirm(u.T(c.title+".delete"), u.T("row.delete.confirm", c.label(rec)), u.T("action.delete"), func() {
		if err := u.store.Delete(u.ctx, rec.Kind(), data.MetaOf(rec).ID); err != nil {
			u.showError(err)
			return
		}
		c.reopen()
		u.notify(u.T("status.deleted", c.label(rec)))
	})
}

// reopen shows the record again on the same tab after a change in one of its rows;
// the row's buttons are gone with the old view, so the keyboard focus goes to the
// tab's add button once the dialog closes (not to the navigation).
func (c childTab[T, P]) reopen() {
	c.r.reopen()
	if b := c.r.s.rec.addButtons[c.title]; b != nil {
		c.r.u.refocus = b
	}
}

// reopen shows the record again on the same tab after a change in one of its rows.
func (r *record) reopen() {
	tab := 0
	if r.tabs != nil {
		tab = r.tabs.SelectedIndex()
	}
	r.s.showRecord(r.a)
	if r.s.rec.tabs != nil {
		r.s.rec.tabs.SelectIndex(tab)
	}
}

func (r *record) leaders() childTab[data.Leader, *data.Leader] {
	u := r.u
	return childTab[data.Leader, *data.Leader]{
		r: r, title: "leader",
		header:  []string{u.T("leader.term"), u.T("leader.position"), u.T("leader.name"), u.T("leader.birth_year"), u.T("leader.gender"), u.T("leader.party"), u.T("field.phone")},
		weights: []float32{0.7, 2, 2.4, 0.9, 0.9, 1, 1.6},
		cells: func(l *data.Leader) []string {
			return []string{itoaOrEmpty(l.Term), l.Position, l.Name, itoaOrEmpty(l.BirthYear), genderLabel(u, l.Gender), yesNo(u, l.PartyMember), l.Phone}
		},
		less: func(a, b *data.Leader) int { return b.Term - a.Term },
		fresh: func() *data.Leader {
			return &data.Leader{Association: r.a.ID, Term: r.a.CongressNumber, From: r.a.TermStart, To: r.a.TermEnd}
		},
		fields: func(f *form, l *data.Leader) {
			f.text("leader.name", "name", &l.Name)
			f.text("leader.position", "position", &l.Position)
			f.ordinal("leader.term", "term", &l.Term)
			f.integer("leader.birth_year", "birth_year", &l.BirthYear)
			genders := []string{"", "Nam", "Nữ"}
			choice(f, "leader.gender", "gender", &l.Gender, genders, []string{u.T("leader.gender.none"), u.T("leader.gender.male"), u.T("leader.gender.female")})
			f.check("leader.party", "party_member", &l.PartyMember)
			f.textOf(KindPhone, "field.phone", "phone", &l.Phone)
			f.date("leader.from", "from", &l.From)
			f.date("leader.to", "to", &l.To)
		},
		label: func(l *data.Leader) string { return l.Position + " " + l.Name },
	}
}

func (r *record) figures() childTab[data.YearlyFigure, *data.YearlyFigure] {
	u := r.u
	return childTab[data.YearlyFigure, *data.YearlyFigure]{
		r: r, title: "figure",
		// Year, members and the year's money first: at 1024 the table scrolls sideways and
		// these stay in view.
		header: []string{u.T("figure.year"), u.T("figure.members"), u.T("figure.income"), u.T("figure.spending"),
			u.T("figure.new_members"), u.T("figure.party_members"), u.T("figure.branches"), u.T("figure.budget"), u.T("figure.awards")},
		weights: []float32{0.8, 1.1, 1.5, 1.5, 1.1, 1.1, 1, 1.5, 2},
		cells: func(f *data.YearlyFigure) []string {
			return []string{strconv.Itoa(f.Year), data.FormatFigure(int64(f.Members)), data.FormatFigure(f.Income()), data.FormatFigure(f.Spending),
				data.FormatFigure(int64(f.NewMembers)), data.FormatFigure(int64(f.PartyMembers)), data.FormatFigure(int64(f.Branches)),
				data.FormatFigure(f.Budget), f.Awards}
		},
		less:  func(a, b *data.YearlyFigure) int { return b.Year - a.Year },
		fresh: func() *data.YearlyFigure { return &data.YearlyFigure{Association: r.a.ID, Year: r.freeFigureYear()} },
		fields: func(f *form, y *data.YearlyFigure) {
			f.integer("figure.year", "year", &y.Year)
			f.integer("figure.members", "members", &y.Members)
			f.integer("figure.new_members", "new_members", &y.NewMembers)
			f.integer("figure.party_members", "party_members", &y.PartyMembers)
			f.integer("figure.branches", "branches", &y.Branches)
			figureFinances(f, y)
			f.multiline("figure.activities", "activities", &y.Activities)
			f.multiline("figure.awards", "awards", &y.Awards)
			f.date("figure.reported_on", "reported_on", &y.ReportedOn)
		},
		label: func(y *data.YearlyFigure) string { return u.T("figure.one", y.Year) },
	}
}

// freeFigureYear is the year a new row of figures is for: last year (the one reported on
// in a year's first months), else this year, else the latest earlier year without a row
// — never a year that has one (saving made a second row for it).
func (r *record) freeFigureYear() int {
	u := r.u
	now := u.today().Year()
	taken := map[int]bool{}
	if figs, err := store.List[data.YearlyFigure](u.ctx, u.store, "association", r.a.ID); err == nil {
		for _, f := range figs {
			taken[f.Year] = true
		}
	}
	for _, y := range []int{now - 1, now} {
		if !taken[y] {
			return y
		}
	}
	y := now - 2
	for taken[y] && y > 1900 {
		y--
	}
	return y
}

// figureFinances adds the year's income by source (Decree 126/2024/NĐ-CP: dues, own
// activities, donations and sponsorship, the State's support, other lawful income),
// their total worked out as the clerk types, and the total spending.
func figureFinances(f *form, y *data.YearlyFigure) {
	sources := []*Entry{
		f.integer64("figure.income_dues", "income_dues", &y.IncomeDues),
		f.integer64("figure.income_activities", "income_activities", &y.IncomeActivities),
		f.integer64("figure.income_donations", "income_donations", &y.IncomeDonations),
		f.integer64("figure.budget", "budget", &y.Budget),
		f.integer64("figure.income_other", "income_other", &y.IncomeOther),
	}
	total := f.computed("figure.income")
	sum := func() {
		var n int64
		for _, e := range sources {
			v, ok := readAmount(e.Text)
			if !ok || v < 0 || v >= data.MaxAmount {
				total.SetText("")
				return // the field's own message says what is wrong
			}
			n += v
		}
		total.SetText(f.u.T("figure.income_sum", data.FormatInt(n)))
	}
	sum()
	f.onChange(sum)
	f.integer64("figure.spending", "spending", &y.Spending)
}

func (r *record) inspections() childTab[data.Inspection, *data.Inspection] {
	u := r.u
	return childTab[data.Inspection, *data.Inspection]{
		r: r, title: "inspection",
		header:  []string{u.T("inspection.date"), u.T("inspection.body"), u.T("inspection.content"), u.T("inspection.findings"), u.T("inspection.violations"), u.T("inspection.follow_up")},
		weights: []float32{1.3, 1.6, 2, 2, 1.5, 1.2}, // the date whole at 1024
		cells: func(i *data.Inspection) []string {
			return []string{i.Date.String(), i.Body, i.Content, i.Findings, i.Violations, i.FollowUp}
		},
		less:  func(a, b *data.Inspection) int { return b.Date.Time().Compare(a.Date.Time()) },
		fresh: func() *data.Inspection { return &data.Inspection{Association: r.a.ID, Date: u.today()} },
		fields: func(f *form, i *data.Inspection) {
			f.date("inspection.date", "date", &i.Date)
			f.text("inspection.body", "body", &i.Body)
			f.multiline("inspection.content", "content", &i.Content)
			f.multiline("inspection.findings", "findings", &i.Findings)
			f.multiline("inspection.violations", "violations", &i.Violations)
			f.multiline("inspection.measures", "measures", &i.Measures)
			f.text("inspection.follow_up", "follow_up", &i.FollowUp)
		},
		label: func(i *data.Inspection) string { return u.T("inspection.one", i.Date.String()) },
	}
}

func (r *record) events() childTab[data.AssociationEvent, *data.AssociationEvent] {
	u := r.u
	return childTab[data.AssociationEvent, *data.AssociationEvent]{
		r: r, title: "event",
		header:  []string{u.T("event.date"), u.T("event.kind"), u.T("event.decision"), u.T("event.related"), u.T("field.note")},
		weights: []float32{1, 1.2, 1.6, 2.2, 2},
		cells: func(e *data.AssociationEvent) []string {
			var related []string
			for _, id := range e.Related {
				if o, err := store.Get[data.Association](u.ctx, u.store, id); err == nil {
					related = append(related, o.Name)
				}
			}
			return []string{e.Date.String(), u.T("event_kind." + string(e.EventKind)), e.Decision, strings.Join(related, "; "), e.Note}
		},
		less:  func(a, b *data.AssociationEvent) int { return a.Date.Time().Compare(b.Date.Time()) },
		fresh: func() *data.AssociationEvent { return &data.AssociationEvent{Association: r.a.ID, Date: u.today()} },
		fields: func(f *form, e *data.AssociationEvent) {
			var kinds []string
			for _, k := range data.EventKinds {
				kinds = append(kinds, u.T("event_kind."+string(k)))
			}
			choice(f, "event.kind", "event_kind", &e.EventKind, data.EventKinds, kinds)
			f.date("event.date", "date", &e.Date)
			f.textOf(KindDocCode, "event.decision", "decision", &e.Decision)
			// The first related association is picked here; others a bundle or the
			// command line recorded are kept.
			first := ""
			if len(e.Related) > 0 {
				first = e.Related[0]
			}
			u.pickAssociation(f, "event.related", "related", &first, r.a.ID)
			last := f.fields[len(f.fields)-1]
			read := last.read
			last.read = func() string {
				msg := read()
				rest := []string{}
				if len(e.Related) > 1 {
					rest = e.Related[1:]
				}
				if first != "" {
					e.Related = append([]string{first}, rest...)
				} else if len(rest) > 0 {
					e.Related = rest
				} else {
					e.Related = nil
				}
				return msg
			}
			f.multiline("field.note", "note", &e.Note)
		},
		label: func(e *data.AssociationEvent) string {
			return e.Date.String() + " – " + u.T("event_kind."+string(e.EventKind))
		},
	}
}

// headerCells and textCells make a table row's cells: a header wraps on its words (cut,
// "Tổng thu (…" and "Hội viê…" said nothing), a row's cell is one line cut with "…"
// when the column is narrow (the full text is in the edit dialog).
func headerCells(texts []string) []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, len(texts))
	for i, t := range texts {
		l := bold(t)
		l.Wrapping = fyne.TextWrapWord
		out[i] = l
	}
	return out
}

func textCells(texts []string) []fyne.CanvasObject {
	out := make([]fyne.CanvasObject, len(texts))
	for i, t := range texts {
		l := widget.NewLabel(strings.ReplaceAll(t, "\n", " "))
		l.Truncation = fyne.TextTruncateEllipsis
		out[i] = l
	}
	return out
}

// tableLine lays cells out in columns sized by weight, with actions (or room for
// them) first, so header and rows line up, and a row's edit and delete buttons stay in
// view when a narrow window (1024) scrolls the table sideways: Tab reaches them and
// the edit dialog shows the whole row.
func tableLine(weights []float32, cells []fyne.CanvasObject, actions fyne.CanvasObject) fyne.CanvasObject {
	if actions == nil {
		actions = container.NewGridWrap(fyne.NewSize(actionsWidth, 1))
	}
	return border(nil, nil, actions, nil, container.New(weightedColumns(weights), cells...))
}

// actionsWidth is the room of a row's edit and delete buttons.
var actionsWidth = 2*theme.IconInlineSize() + 4*theme.Padding() + 16

// weightedColumns gives each object a share of the width proportional to its weight.
type weightedColumns []float32

// columnUnit is the narrowest a column of weight 1 gets: below that the table scrolls
// sideways rather than cutting every cell to "…".
const columnUnit = 75

func (w weightedColumns) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var h, total float32
	for i, o := range objs {
		h = max(h, o.MinSize().Height)
		total += w[i]
	}
	return fyne.NewSize(total*columnUnit, h)
}

func (w weightedColumns) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	var total float32
	for i := range objs {
		total += w[i]
	}
	x := float32(0)
	for i, o := range objs {
		width := size.Width * w[i] / total
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(width, size.Height))
		x += width
	}
}

func itoaOrEmpty(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// table lays out a header and rows of wrapped texts in equal columns (for the short
// tables of the exchange screen, whose cells must show in full).
func table(header []string, rows [][]string) fyne.CanvasObject {
	g := container.New(layout.NewGridLayoutWithColumns(len(header)))
	for _, h := range header {
		g.Add(bold(h))
	}
	for _, row := range rows {
		for _, c := range row {
			g.Add(wrapped(c))
		}
	}
	return g
}

// genderLabel shows a stored gender ("Nam", "Nữ") in the interface language.
func genderLabel(u *UI, g string) string {
	switch g {
	case "Nam":
		return u.T("leader.gender.male")
	case "Nữ":
		return u.T("leader.gender.female")
	}
	return g
}
