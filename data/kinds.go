package data

import (
	"encoding/json"
	"fmt"
	"strings"
)

// KindInfo is what qlhoi knows of a kind of record, in one place: every per-kind list
// (the store's tables, the merge, bundles, restore, reports, spreadsheets, the window's
// "Đã xóa" and exchange screens) is derived from the registry below, and a test fails
// when a table of the schema that holds records is not in it.
type KindInfo struct {
	Kind Kind // also its table
	// Vi and En are its name for people.
	Vi, En string
	// Parent is the kind of record this one belongs to, which must be live for it to
	// be restored ("" for none); ParentID reads the parent's id.
	Parent   Kind
	ParentID func(Record) string
	// Shared kinds are the catalogues every office may receive from above, whoever
	// owns them (directives, tasks, agencies, offices); the others travel only within
	// the owner's scope (see authority.go for who may write what).
	Shared bool
	new    func() Record
	// title is what a person calls a record of the kind.
	title func(Record) string
}

var registry = []KindInfo{
	{Kind: KindOffice, Vi: "Đơn vị", En: "Office", Shared: true, new: func() Record { return &Office{} },
		title: func(r Record) string { return r.(*Office).Name }},
	{Kind: KindAgency, Vi: "Cơ quan", En: "Agency", Shared: true, new: func() Record { return &Agency{} },
		title: func(r Record) string { return r.(*Agency).Name }},
	{Kind: KindAssociation, Vi: "Hội", En: "Association", new: func() Record { return &Association{} },
		title: func(r Record) string { return r.(*Association).Name }},
	{Kind: KindEvent, Vi: "Sự kiện của hội", En: "Association event",
		Parent: KindAssociation, ParentID: func(r Record) string { return r.(*AssociationEvent).Association },
		new:   func() Record { return &AssociationEvent{} },
		title: func(r Record) string { e := r.(*AssociationEvent); return join(e.Date.String(), e.Decision, e.Note) }},
	{Kind: KindLeader, Vi: "Lãnh đạo hội", En: "Association leader",
		Parent: KindAssociation, ParentID: func(r Record) string { return r.(*Leader).Association },
		new:   func() Record { return &Leader{} },
		title: func(r Record) string { l := r.(*Leader); return join(l.Name, l.Position) }},
	{Kind: KindYearlyFigure, Vi: "Số liệu năm", En: "Yearly figures",
		Parent: KindAssociation, ParentID: func(r Record) string { return r.(*YearlyFigure).Association },
		new:   func() Record { return &YearlyFigure{} },
		title: func(r Record) string { return fmt.Sprintf("Năm %d", r.(*YearlyFigure).Year) }},
	{Kind: KindInspection, Vi: "Kiểm tra, thanh tra", En: "Inspection",
		Parent: KindAssociation, ParentID: func(r Record) string { return r.(*Inspection).Association },
		new:   func() Record { return &Inspection{} },
		title: func(r Record) string { i := r.(*Inspection); return join(i.Date.String(), i.Body, i.Content) }},
	{Kind: KindDirective, Vi: "Văn bản chỉ đạo", En: "Directive", Shared: true, new: func() Record { return &Directive{} },
		title: func(r Record) string { d := r.(*Directive); return join(d.Number, d.Date.String(), d.Summary) }},
	{Kind: KindTask, Vi: "Nhiệm vụ", En: "Task", Shared: true, new: func() Record { return &Task{} },
		Parent: KindDirective, ParentID: func(r Record) string { return r.(*Task).Directive },
		title: func(r Record) string { return r.(*Task).Content }},
	{Kind: KindProgress, Vi: "Báo cáo tiến độ", En: "Progress report", new: func() Record { return &ProgressUpdate{} },
		Parent: KindTask, ParentID: func(r Record) string { return r.(*ProgressUpdate).Task },
		title: func(r Record) string {
			u := r.(*ProgressUpdate)
			return join(u.Date.String(), fmt.Sprintf("%d%%", u.Percent), u.Reference, u.Text)
		}},
	{Kind: KindIssuedDocument, Vi: "Văn bản đi", En: "Issued document", new: func() Record { return &IssuedDocument{} },
		title: func(r Record) string { d := r.(*IssuedDocument); return join(d.Symbol, d.Date.String(), d.Subject) }},
}

// join puts the parts that are not empty together with " – ".
func join(parts ...string) string {
	var out []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, " – ")
}

// Kinds lists every kind of record, in the registry's order.
var Kinds = func() []Kind {
	out := make([]Kind, len(registry))
	for i, k := range registry {
		out[i] = k.Kind
	}
	return out
}()

// SharedKinds are the catalogues every office may receive from above.
var SharedKinds = func() map[Kind]bool {
	out := map[Kind]bool{}
	for _, k := range registry {
		if k.Shared {
			out[k.Kind] = true
		}
	}
	return out
}()

// Info returns the registry's entry of a kind.
func Info(k Kind) (KindInfo, bool) {
	for _, i := range registry {
		if i.Kind == k {
			return i, true
		}
	}
	return KindInfo{}, false
}

// Label is the kind's name for people in a language ("vi" or "en").
func (k Kind) Label(lang string) string {
	i, ok := Info(k)
	switch {
	case !ok:
		return string(k)
	case lang == "en":
		return i.En
	}
	return i.Vi
}

// NewRecord returns an empty record of a kind.
func NewRecord(k Kind) (Record, error) {
	if i, ok := Info(k); ok {
		return i.new(), nil
	}
	return nil, fmt.Errorf("store: unknown kind %q", k)
}

// Title is what a person calls a record — its name, number, day or content, never its
// id — cut to about 80 characters.
func Title(r Record) string {
	i, ok := Info(r.Kind())
	if !ok {
		return ""
	}
	t := []rune(i.title(r))
	if len(t) > 80 {
		return string(t[:79]) + "…"
	}
	return string(t)
}

// ParentOf is the kind and id of the record a stored body belongs to (an
// association's leader, figures, inspection or event; a directive's task), or "" and
// "" for a record that belongs to none or cannot be read.
func ParentOf(k Kind, body []byte) (Kind, string) {
	i, ok := Info(k)
	if !ok || i.Parent == "" {
		return "", ""
	}
	r, err := NewRecord(k)
	if err != nil || json.Unmarshal(body, r) != nil {
		return "", ""
	}
	return i.Parent, i.ParentID(r)
}

// TitleOf is Title of a record's stored body (a version in history or in a bundle);
// "" if it cannot be read.
func TitleOf(k Kind, body []byte) string {
	r, err := NewRecord(k)
	if err != nil || json.Unmarshal(body, r) != nil {
		return ""
	}
	return Title(r)
}
