package app

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The forms declare what their fields hold: codes, paths, addresses and numbers are
// typed as they are with Telex on, names and free text in Vietnamese.
func TestFormsFieldKinds(t *testing.T) {
	u, w := newTestUI(t, true)

	t.Run("wizard", func(t *testing.T) {
		wz := findWizard(t, u)
		typeInto(w, wz.code, "QT-DDH")
		typeInto(w, wz.parent, "QT")
		typeInto(w, wz.name, "Hooij Luaatj gia")
		assert.Equal(t, "QT-DDH", wz.code.Text)
		assert.Equal(t, KindOfficeCode, wz.parent.Kind())
		assert.Equal(t, "Hội Luật gia", wz.name.Text)
	})

	t.Run("association record", func(t *testing.T) {
		u.showMain()
		a, i := screenOf[*associations](u)
		u.show(i)
		a.onNew()
		require.NotNil(t, a.rec)
		f := a.rec.form
		typeInto(w, a.rec.name, "Hooij Huwux nghij")
		typeInto(w, entryOf(t, f, "email"), "hoinongdan.qt@gmail.com")
		typeInto(w, entryOf(t, f, "founding.number"), "45-QDD/UBND")
		area := entryOf(t, f, "area")
		area.SetText("")
		typeInto(w, area, "QT-DDH")
		assert.Equal(t, "Hội Hữu nghị", a.rec.name.Text)
		assert.Equal(t, "hoinongdan.qt@gmail.com", entryOf(t, f, "email").Text)
		assert.Equal(t, "45-QĐ/UBND", entryOf(t, f, "founding.number").Text, "dd gives Đ in a code")
		assert.Equal(t, "QT-DDH", area.Text)
		for kind, names := range map[FieldKind][]string{
			KindDocCode: {"charter.number"}, KindPhone: {"phone"},
			KindNumber: {"congress_number", "party_members", "full_time_staff", "contract_staff", "term_end"},
			KindText:   {"short_name", "field", "assigned_by", "founding.issuer", "charter.issuer", "managing_body", "address", "followed_by", "merged_into", "note"},
		} {
			for _, n := range names {
				assert.Equal(t, kind, entryOf(t, f, n).Kind(), n)
			}
		}
	})

	t.Run("directive and progress", func(t *testing.T) {
		tk, i := screenOf[*tasks](u)
		u.show(i)
		f := tk.onAddDirective()
		typeInto(w, f.number, "45-KL/TW")
		typeInto(w, f.issuer, "Ban Thuwowngf vuj")
		assert.Equal(t, "45-KL/TW", f.number.Text)
		assert.Equal(t, "Ban Thường vụ", f.issuer.Text)
		u.closeDialog()
		require.Positive(t, tk.rows.total)
		p := tk.onAddUpdate(tk.row(0))
		typeInto(w, p.ref, "12-BC/TW")
		assert.Equal(t, "12-BC/TW", p.ref.Text)
		assert.Equal(t, KindNumber, p.percent.Kind())
		u.closeDialog()
	})

	t.Run("exchange", func(t *testing.T) {
		e, i := screenOf[*exchangeScreen](u)
		u.show(i)
		e.dest.SetText("")
		e.file.SetText("")
		typeInto(w, e.dest, `C:\Users\Admin\Downloads`)
		typeInto(w, e.file, "/tmp/usb/QT.qlb")
		assert.Equal(t, `C:\Users\Admin\Downloads`, e.dest.Text)
		assert.Equal(t, "/tmp/usb/QT.qlb", e.file.Text)
	})
}

// Document codes take Đ (12-CV/ĐU, 45/QĐ-UBND) with dd, and nothing else of Telex.
func TestDocCodeTakesĐ(t *testing.T) {
	u, w := newTestUI(t, true)
	e := u.newEntryOf(KindDocCode)
	w.SetContent(e)
	typeInto(w, e, "12-CV/DDU")
	assert.Equal(t, "12-CV/ĐU", e.Text)
	e.SetText("")
	typeInto(w, e, "45/QDD-UBND")
	assert.Equal(t, "45/QĐ-UBND", e.Text)
	e.SetText("")
	typeInto(w, e, "45-KL/TW")
	assert.Equal(t, "45-KL/TW", e.Text, "w, s, f… stay as typed")
	e.SetText("")
	typeInto(w, e, "ddd")
	assert.Equal(t, "dd", e.Text, "a third d gives dd back")
	u.typing.Toggle()
	e.SetText("")
	typeInto(w, e, "DD")
	assert.Equal(t, "DD", e.Text, "E mode types as it is")
}
