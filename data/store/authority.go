package store

import (
	"database/sql"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"time"

	"qlhoi/data"
)

// authInput is what the rules see of one received record.
type authInput struct {
	kind    data.Kind
	id      string
	owner   string
	fresh   []version          // the versions new here
	known   map[string]version // every version known: local and received, by reading
	current data.Record        // the current local record, nil if new here
}

// refusal is the verdict of a rule: a reason, and whether the record should be tried
// again once the rest of the bundle is merged.
type refusal struct {
	reason string
	wait   bool
}

func refuseNow(format string, args ...any) *refusal {
	return &refusal{reason: fmt.Sprintf(format, args...)}
}

func refuseWait(format string, args ...any) *refusal {
	return &refusal{reason: fmt.Sprintf(format, args...), wait: true}
}

// authorise applies the rules common to every kind, then the rule of the record's kind.
func (m *Merger) authorise(in *authInput) (*refusal, error) {
	if r := m.authoriseWriters(in); r != nil {
		return r, nil
	}
	switch in.kind {
	case data.KindOffice:
		return m.authoriseOffice(in)
	case data.KindLeader, data.KindYearlyFigure, data.KindInspection, data.KindEvent:
		return m.authoriseAssociationChild(in)
	case data.KindProgress:
		return m.authoriseProgress(in)
	case data.KindIssuedDocument:
		return m.authoriseRegister(in)
	}
	return nil, nil
}

// authoriseWriters: the owner is the sender or below it (an office record new here may
// instead be placed below the sender, see authoriseOffice); every new version is
// written by the sender or an office below it that the sender relays, by the owner or an
// office above the owner, never in this office's name (except versions of its own that
// a restore lost, coming back), with a valid clock reading not from the future, and with
// plausible dates.
func (m *Merger) authoriseWriters(in *authInput) *refusal {
	if !m.known(in.owner) && in.kind != data.KindOffice {
		return refuseWait("%s: đơn vị sở hữu %s chưa có ở đơn vị này", in.label(), in.owner)
	}
	if in.kind != data.KindOffice || m.known(in.owner) {
		if !m.subtree(m.sender)[in.owner] {
			return refuseNow("%s: đơn vị %s không có quyền sửa dữ liệu của đơn vị %s", in.label(), m.sender, in.owner)
		}
	}
	for _, v := range in.fresh {
		by := v.meta.By
		if reason := m.s.checkReading(v.meta.HLC, by, m.sender); reason != "" {
			return refuseNow("%s: %s", in.label(), reason)
		}
		lostOwn := by == m.s.office && m.lost.contains(v.meta.HLC)
		if by == m.s.office && !lostOwn {
			return refuseNow("%s: phiên bản mang tên đơn vị này (%s) nhưng đơn vị này không có phiên bản đó; không nhận phiên bản ghi thay tên", in.label(), by)
		}
		if !m.subtree(m.sender)[by] && !lostOwn && !(in.kind == data.KindOffice && by == in.owner && !m.known(in.owner)) {
			return refuseNow("%s: phiên bản do đơn vị %s ghi, không thuộc phạm vi của đơn vị gửi %s", in.label(), by, m.sender)
		}
		if in.kind != data.KindOffice && !m.subtree(by)[in.owner] {
			return refuseNow("%s: phiên bản do đơn vị %s ghi, đơn vị này không có quyền với dữ liệu của %s", in.label(), by, in.owner)
		}
		if field, d, ok := implausibleDate(v.rec); ok {
			return refuseNow("%s: ngày %s (trường %s) không hợp lý", in.label(), d, field)
		}
	}
	return nil
}

// authoriseOffice: an office record has the id of its code and is owned by that office;
// no other record holds the code. The office itself writes its record but never moves
// it (parent and level stay as in the version it wrote over); an office above it may
// create it under itself, move it within its own subtree (never below the office
// itself: no cycles) or change its level, and nothing else. A new office written by
// itself is accepted only placed under the sender's subtree, which vouches for it.
func (m *Merger) authoriseOffice(in *authInput) (*refusal, error) {
	label := in.label()
	for _, v := range in.fresh {
		o := v.rec.(*data.Office)
		if o.ID != data.OfficeID(o.Code) || o.Office != o.Code {
			return refuseNow("%s: mã đơn vị %s không khớp với định danh hoặc đơn vị sở hữu của bản ghi", label, o.Code), nil
		}
		var other string
		err := m.tx.QueryRowContext(m.ctx, "SELECT id FROM offices WHERE code = ? AND id <> ?", o.Code, o.ID).Scan(&other)
		if err == nil {
			return refuseNow("%s: mã đơn vị %s đã thuộc một bản ghi đơn vị khác", label, o.Code), nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("store: office code: %w", err)
		}
		if r := m.authoriseOfficeVersion(in, v, o, label); r != nil {
			return r, nil
		}
	}
	return nil, nil
}

func (m *Merger) authoriseOfficeVersion(in *authInput, v version, o *data.Office, label string) *refusal {
	preds := predecessors(in, v)
	if v.meta.By == o.Code {
		if len(preds) == 0 && in.current != nil {
			preds = []data.Record{in.current}
		}
		if len(preds) > 0 {
			if !slices.ContainsFunc(preds, func(p data.Record) bool { return samePlace(p.(*data.Office), o) }) {
				return refuseNow("%s: đơn vị %s tự đổi cấp trên hoặc cấp của mình; chỉ đơn vị cấp trên được đổi", label, o.Code)
			}
			return nil
		}
		// A new office, relayed by the sender: it must sit under the sender's subtree.
		if !m.known(o.Parent) {
			return refuseWait("%s: đơn vị cấp trên %s chưa có ở đơn vị này", label, o.Parent)
		}
		if o.Parent == "" || !m.subtree(m.sender)[o.Parent] {
			return refuseNow("%s: đơn vị mới %s không thuộc phạm vi của đơn vị gửi %s", label, o.Code, m.sender)
		}
		return nil
	}
	// Written by another office: it must be above this one, and may only place it.
	above := m.known(o.Code) && m.subtree(v.meta.By)[o.Code]
	if !above && m.known(o.Code) {
		return refuseNow("%s: đơn vị %s không phải cấp trên của đơn vị %s", label, v.meta.By, o.Code)
	}
	if o.Parent == "" || !m.known(o.Parent) {
		if o.Parent != "" {
			return refuseWait("%s: đơn vị cấp trên %s chưa có ở đơn vị này", label, o.Parent)
		}
		return refuseNow("%s: đơn vị %s không được đưa đơn vị %s lên cấp cao nhất", label, v.meta.By, o.Code)
	}
	if !m.subtree(v.meta.By)[o.Parent] {
		return refuseNow("%s: đơn vị %s không được đặt đơn vị %s dưới đơn vị %s ngoài phạm vi của mình", label, v.meta.By, o.Code, o.Parent)
	}
	if m.known(o.Code) && m.subtree(o.Code)[o.Parent] {
		return refuseNow("%s: đặt đơn vị %s dưới đơn vị %s tạo thành vòng lặp", label, o.Code, o.Parent)
	}
	if len(preds) > 0 && !slices.ContainsFunc(preds, func(p data.Record) bool { return sameExceptPlace(p.(*data.Office), o) }) {
		return refuseNow("%s: đơn vị cấp trên %s chỉ được đổi cấp trên và cấp của đơn vị %s", label, v.meta.By, o.Code)
	}
	return nil
}

// predecessors are the known versions a version was written over, decoded.
func predecessors(in *authInput, v version) []data.Record {
	var out []data.Record
	for _, p := range v.meta.Parents {
		pv, ok := in.known[p]
		if !ok || p == v.meta.HLC {
			continue
		}
		r := pv.rec
		if r == nil {
			var err error
			if r, err = decode(in.kind, pv.body); err != nil {
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

func samePlace(a, b *data.Office) bool { return a.Parent == b.Parent && a.Level == b.Level }

func sameExceptPlace(a, b *data.Office) bool {
	return a.Code == b.Code && a.Name == b.Name && a.Place == b.Place && a.ValidFrom == b.ValidFrom && a.ValidTo == b.ValidTo && a.Deleted == b.Deleted
}

// authoriseAssociationChild: a leader, yearly figure, inspection or event belongs to
// an association known here, and its owner has authority over that association's owner.
func (m *Merger) authoriseAssociationChild(in *authInput) (*refusal, error) {
	label := in.label()
	for _, v := range in.fresh {
		assoc := AssociationOf(v.rec)
		_, am, err := m.s.loadTx(m.ctx, m.tx, data.KindAssociation, assoc)
		if errors.Is(err, data.ErrNotFound) {
			return refuseWait("%s: hội %s chưa có ở đơn vị này", label, assoc), nil
		}
		if err != nil {
			return nil, err
		}
		if !m.subtree(in.owner)[am.Office] {
			return refuseNow("%s: thuộc hội %s của đơn vị %s; đơn vị %s không có quyền ghi vào hồ sơ hội này", label, assoc, am.Office, in.owner), nil
		}
	}
	return nil, nil
}

// AssociationOf is the association a child record (leader, yearly figure, inspection,
// event) belongs to, "" for any other record.
func AssociationOf(r data.Record) string {
	if info, ok := data.Info(r.Kind()); ok && info.Parent == data.KindAssociation {
		return info.ParentID(r)
	}
	return ""
}

// authoriseProgress: a progress update reports on a task known here, for an agency the
// task is assigned to (lead or co-operating), and comes from an office that speaks for
// that agency (see speaksFor). It carries over only to the task's progress fields.
func (m *Merger) authoriseProgress(in *authInput) (*refusal, error) {
	label := in.label()
	for _, v := range in.fresh {
		u := v.rec.(*data.ProgressUpdate)
		tr, err := m.s.recordTx(m.ctx, m.tx, data.KindTask, u.Task)
		if errors.Is(err, data.ErrNotFound) {
			return refuseWait("%s: nhiệm vụ %s chưa có ở đơn vị này", label, u.Task), nil
		}
		if err != nil {
			return nil, err
		}
		t := tr.(*data.Task)
		// A report this office already holds, by the same agency, stays that agency's
		// though the task has since gone to another lead (it was refused, and the task
		// said 60 % while its report said 40 %): only a new report, or one moved to
		// another agency, must be by an agency the task is assigned to.
		known := false
		if old, err := m.s.recordTx(m.ctx, m.tx, data.KindProgress, u.ID); err == nil {
			known = old.(*data.ProgressUpdate).Agency == u.Agency
		}
		if !known && u.Agency != t.Lead && !slices.Contains(t.Cooperating, u.Agency) {
			// A report of a day its agency held the task (the versions this office holds
			// say so) is that agency's, though the task has gone to another since.
			held, err := m.heldTask(t.ID, u.Agency, u.Date)
			if err != nil {
				return nil, err
			}
			known = held
		}
		if !known && u.Agency != t.Lead && !slices.Contains(t.Cooperating, u.Agency) {
			// Said by names, never ids: the agency as this office knows it.
			agency := u.Agency
			if ar, err := m.s.recordTx(m.ctx, m.tx, data.KindAgency, u.Agency); err == nil {
				agency = data.Title(ar)
			}
			return refuseNow("%s: cơ quan “%s” không được giao nhiệm vụ “%s” ở đơn vị này", label, agency, data.Title(t)), nil
		}
		ar, err := m.s.recordTx(m.ctx, m.tx, data.KindAgency, u.Agency)
		if errors.Is(err, data.ErrNotFound) {
			return refuseWait("%s: cơ quan %s chưa có ở đơn vị này", label, u.Agency), nil
		}
		if err != nil {
			return nil, err
		}
		if ag := ar.(*data.Agency); !m.speaksFor(in.owner, ag) {
			return refuseNow("%s: nhiệm vụ “%s” giao cho cơ quan %s (của đơn vị %s), không phải của đơn vị %s", label, data.Shorten(t.Content, 80), data.Clean(ag.Name), ag.ReportingOffice(), in.owner), nil
		}
		if u.Date.After(m.s.Today().AddDays(1)) {
			return refuseNow("%s: ngày báo cáo %s chưa tới", label, u.Date), nil
		}
	}
	return nil, nil
}

// heldTask reports whether the agency held the task (as its lead or co-operating) on
// the day of a report, by the task's versions this office holds: from a version that
// names it to the next that does not (the first 1000 versions).
func (m *Merger) heldTask(task, agency string, day data.Date) (bool, error) {
	type version struct {
		at   string
		body string
	}
	versions, err := scanAll(m.ctx, m.tx, "history", func(rows *sql.Rows) (version, error) {
		var v version
		return v, rows.Scan(&v.at, &v.body)
	}, `SELECT at, `+historyAfter+` FROM history WHERE kind = ? AND record_id = ? ORDER BY seq LIMIT 1000`, string(data.KindTask), task)
	if err != nil {
		return false, err
	}
	holding := false
	for _, v := range versions {
		r, err := decode(data.KindTask, []byte(v.body))
		if err != nil {
			continue
		}
		t := r.(*data.Task)
		holds := t.Lead == agency || slices.Contains(t.Cooperating, agency)
		if holding && !holds {
			// It stopped holding the task with this version: reports up to that day.
			if at, err := time.Parse(timeLayout, v.at); err == nil && !day.After(data.DateOf(at.In(data.Vietnam))) {
				return true, nil
			}
		}
		holding = holds
	}
	return holding, nil
}

// speaksFor reports whether an office may report progress for an agency: the agency's
// office (its office code, else the office owning its record) or an office above it;
// for a lower-level committee without an office code (“Đảng ủy các xã, phường”), any
// office below the agency's owner.
func (m *Merger) speaksFor(office string, a *data.Agency) bool {
	if a.OfficeCode == "" && a.Group == data.AgencyLower {
		return office != a.Office && m.subtree(a.Office)[office]
	}
	return m.subtree(office)[a.ReportingOffice()]
}

// authoriseRegister: a register entry is in its owner's own numbering series and never
// takes a number another entry holds.
func (m *Merger) authoriseRegister(in *authInput) (*refusal, error) {
	label := in.label()
	for _, v := range in.fresh {
		d := v.rec.(*data.IssuedDocument)
		if seriesOffice(d.Series) != in.owner {
			return refuseNow("%s: sổ %s không phải sổ văn bản của đơn vị %s", label, d.Series, in.owner), nil
		}
		var other string
		err := m.tx.QueryRowContext(m.ctx, "SELECT id FROM issued_documents WHERE series = ? AND number = ? AND id <> ?", d.Series, d.Number, d.ID).Scan(&other)
		if err == nil {
			return refuseNow("%s: số %d của sổ %s đã dùng cho văn bản khác (%s)", label, d.Number, d.Series, other), nil
		}
		if !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("store: register: %w", err)
		}
	}
	return nil, nil
}

// seriesOffice is the office of a numbering series ("state:QT:2026" → "QT").
func seriesOffice(series string) string {
	parts := strings.Split(series, ":")
	if len(parts) < 3 || parts[0] != "state" && parts[0] != "party" {
		return ""
	}
	return parts[1]
}

// Plausible content dates: from 1900 to 2100 (a deadline or birth far outside is a
// buggy or hostile sender).
var (
	earliestDate = data.NewDate(1900, time.January, 1)
	latestDate   = data.NewDate(2100, time.December, 31)
)

// dateFields caches, per record type, the indexes and JSON names of its Date fields.
var dateFields sync.Map

type dateField struct {
	index int
	name  string
}

func dateFieldsOf(t reflect.Type) []dateField {
	if f, ok := dateFields.Load(t); ok {
		return f.([]dateField)
	}
	var out []dateField
	for i := range t.NumField() {
		if f := t.Field(i); f.Type == data.DateType {
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			out = append(out, dateField{i, name})
		}
	}
	dateFields.Store(t, out)
	return out
}

// implausibleDate finds a date field of a record outside the plausible years.
func implausibleDate(r data.Record) (string, data.Date, bool) {
	v := reflect.ValueOf(r).Elem()
	for _, f := range dateFieldsOf(v.Type()) {
		d := v.Field(f.index).Interface().(data.Date)
		if !d.IsZero() && (d.Before(earliestDate) || d.After(latestDate)) {
			return f.name, d, true
		}
	}
	return "", data.Date{}, false
}

// recordLabel names a record in a refusal by its kind's name and its id (a refused
// record may not be readable; the window names it by its title beside this).
func recordLabel(kind data.Kind, id string) string {
	return fmt.Sprintf("%s (mã %s)", kind.Label("vi"), id)
}

// label names the received record as a clerk knows it: its kind and title (name,
// number, date) from the newest version received, its id only when it has no title.
func (in *authInput) label() string {
	for i := len(in.fresh) - 1; i >= 0; i-- {
		if r := in.fresh[i].rec; r != nil {
			if t := data.Title(r); t != "" {
				return fmt.Sprintf("%s “%s”", in.kind.Label("vi"), data.Shorten(t, 80))
			}
		}
	}
	return recordLabel(in.kind, in.id)
}

// officeTree is the office tree as this merge sees it: code → parent of live offices.
func (m *Merger) loadTree() error {
	rows, err := m.tx.QueryContext(m.ctx, "SELECT code, parent FROM offices WHERE deleted = 0")
	if err != nil {
		return fmt.Errorf("store: offices: %w", err)
	}
	defer rows.Close()
	m.tree = map[string]string{}
	for rows.Next() {
		var code string
		var parent sql.NullString
		if err := rows.Scan(&code, &parent); err != nil {
			return fmt.Errorf("store: offices: %w", err)
		}
		m.tree[code] = parent.String
	}
	m.scopes = map[string]map[string]bool{}
	return rows.Err()
}

// known reports whether an office is in the tree.
func (m *Merger) known(code string) bool {
	_, ok := m.tree[code]
	return ok
}

// subtree is an office and every office below it, in the tree as merged so far.
func (m *Merger) subtree(code string) map[string]bool {
	if sc, ok := m.scopes[code]; ok {
		return sc
	}
	sc := subtreeOf(m.tree, code)
	m.scopes[code] = sc
	return sc
}

func subtreeOf(tree map[string]string, code string) map[string]bool {
	children := map[string][]string{}
	for c, p := range tree {
		children[p] = append(children[p], c)
	}
	out := map[string]bool{code: true}
	queue := []string{code}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		for _, ch := range children[c] {
			if !out[ch] {
				out[ch] = true
				queue = append(queue, ch)
			}
		}
	}
	return out
}

// placed updates the tree after an office record was written.
func (m *Merger) placed(o *data.Office) {
	if o.Deleted {
		delete(m.tree, o.Code)
	} else {
		m.tree[o.Code] = o.Parent
	}
	m.scopes = map[string]map[string]bool{}
}
