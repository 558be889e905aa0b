package app

import (
	"cmp"
	"slices"

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
