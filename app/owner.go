package app

import (
	"cmp"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"qlhoi/data"
)

// officeLabel names an office with its level, as a clerk tells offices apart:
// "Tỉnh ủy Quảng Trị (Tỉnh)"; its code if it is not known here.
func (u *UI) officeLabel(code string) string {
	o, err := u.store.OfficeByCode(u.ctx, code)
	if err != nil || o == nil {
		return code
	}
	return o.Name + " (" + u.T("level."+string(o.Level)) + ")"
}

// ownerNote says whose a record is when it is not this office's, and whether a change
// made here will be sent or stays on this machine ("" for this office's own records).
func (u *UI) ownerNote(owner string) string {
	if owner == "" || owner == u.store.Office() {
		return ""
	}
	travels, err := u.store.EditTravels(u.ctx, owner)
	if err != nil {
		return u.message(err)
	}
	if travels {
		return u.T("owner.lower", u.officeLabel(owner))
	}
	return u.T("owner.other", u.officeLabel(owner))
}

// ownedBy shows, at the top of a form, whose the record is and where an edit goes.
func (f *form) ownedBy(owner string) {
	if note := f.u.ownerNote(owner); note != "" {
		l := widget.NewLabel(note)
		l.Wrapping = fyne.TextWrapWord
		l.Importance = widget.WarningImportance
		f.banner = l
	}
}

// byOwner orders agencies as the lists and the assignment choices show them: this
// office's own first, then the others office by office, each group in its order.
func (u *UI) byOwner(list []*data.Agency) []*data.Agency {
	self := u.store.Office()
	out := slices.Clone(list)
	slices.SortStableFunc(out, func(a, b *data.Agency) int {
		if (a.Office == self) != (b.Office == self) {
			if a.Office == self {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.Office, b.Office)
	})
	return out
}

// concerns says whether an agency's tasks are this office's work: its own agencies,
// and another office's agencies that stand for this office or one below it (scope)
// — a province's "Đảng ủy xã Cam Hiếu" leads tasks the commune must do.
func (u *UI) concerns(a *data.Agency, scope map[string]bool) bool {
	return a.Office == "" || a.Office == u.store.Office() || scope[a.OfficeCode]
}

// agencyName is an agency's name, with its office when it is another office's.
func (u *UI) agencyName(a *data.Agency) string {
	if a.Office == "" || a.Office == u.store.Office() {
		return a.Name
	}
	return a.Name + " — " + u.officeLabel(a.Office)
}

// fieldNamespaces are where a kind's field labels are, after the common "field.".
var fieldNamespaces = map[data.Kind]string{
	data.KindYearlyFigure: "figure", data.KindLeader: "leader", data.KindInspection: "inspection",
	data.KindEvent: "event", data.KindIssuedDocument: "register", data.KindProgress: "update",
	data.KindTask: "task", data.KindDirective: "directive", data.KindAgency: "agency",
}

// fieldLabel is what a clerk calls a field of a kind of record: its label in the
// kind's form (a leader's "name" is "Họ và tên", not the association's "Tên hội"),
// else the common one; never the key ("field.agency").
func (u *UI) fieldLabel(k data.Kind, field string) string {
	ns := fieldNamespaces[k]
	for _, key := range []string{ns + ".field." + field, ns + "." + field, "field." + field, "task." + field, "report." + field} {
		if t := u.T(key); t != key {
			return t
		}
	}
	return field
}

// referenceKinds are the fields that hold another record's id, and its kind.
var referenceKinds = map[string]data.Kind{
	"association": data.KindAssociation, "associations": data.KindAssociation, "task": data.KindTask,
	"directive": data.KindDirective, "agency": data.KindAgency, "lead": data.KindAgency, "cooperating": data.KindAgency,
}

// fieldChanges are a record's fields old → new as a clerk reads them (data.Diff): the
// field by its label, another record by its name, never its id.
func (u *UI) fieldChanges(k data.Kind, before, after []byte) []data.FieldChange {
	out := data.Diff(before, after)
	for i, f := range out {
		if rk, ok := referenceKinds[f.Field]; ok {
			out[i].Old, out[i].New = u.recordNames(rk, f.Old), u.recordNames(rk, f.New)
		}
		out[i].Field = u.fieldLabel(k, f.Field)
	}
	return out
}

// recordNames replaces the ids in a shown value ("“id”" or "id1; id2") with the
// records' names, as far as this database knows them.
func (u *UI) recordNames(k data.Kind, shown string) string {
	ids := strings.Split(strings.Trim(shown, "“”"), "; ")
	for i, id := range ids {
		if r, err := u.store.Load(u.ctx, k, id); err == nil {
			if t := data.Title(r); t != "" {
				ids[i] = t
			}
		}
	}
	return strings.Join(ids, "; ")
}
