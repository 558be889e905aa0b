package app

import (
	"testing"

	"fyne.io/fyne/v2"
	"github.com/stretchr/testify/assert"
	"golang.org/x/text/unicode/norm"

	"qlhoi/app/typing"
)

// Each kind of field typed through the real entry, with Vietnamese typing on (V): only
// names and free text go through the engine.
func TestFieldKindsTyping(t *testing.T) {
	u, w := newTestUI(t, false)
	assert.True(t, u.typing.Vietnamese(), "the V/E badge says V")
	cases := []struct {
		name  string
		kind  FieldKind
		keys  string
		telex string // text after typing with Telex
		vni   string // text after typing with VNI
	}{
		{"name", KindText, "Hooij Luuw truwx", "Hội Lưu trữ", "Hooij Luuw truwx"},
		{"name VNI", KindText, "Ho6i5 Luu7 tru74", "Ho6i5 Luu7 tru74", "Hội Lưu trữ"},
		{"name keeps a path as typed", KindText, "/tmp/usb/", "/tmp/usb/", "/tmp/usb/"},
		{"path", KindPath, `C:\Users\Admin\Downloads`, `C:\Users\Admin\Downloads`, `C:\Users\Admin\Downloads`},
		{"path usb", KindPath, "/tmp/usb/qlhoi-2026.bundle", "/tmp/usb/qlhoi-2026.bundle", "/tmp/usb/qlhoi-2026.bundle"},
		{"e-mail", KindEmail, "hoinongdan.qt@gmail.com", "hoinongdan.qt@gmail.com", "hoinongdan.qt@gmail.com"},
		{"web address", KindURL, "https://quangtri.gov.vn/dds", "https://quangtri.gov.vn/dds", "https://quangtri.gov.vn/dds"},
		{"phone", KindPhone, "0233 3852 123", "0233 3852 123", "0233 3852 123"},
		{"number", KindNumber, "A4", "A4", "A4"},
		{"document code", KindDocCode, "45-KL/TW", "45-KL/TW", "45-KL/TW"},
		{"document code TWW", KindDocCode, "TWW", "TWW", "TWW"},
		{"document number VNI", KindDocCode, "So61", "So61", "So61"},
		{"office code", KindOfficeCode, "QT-DDH", "QT-DDH", "QT-DDH"},
		{"identifier", KindIdentifier, "chuyenvien", "chuyenvien", "chuyenvien"},
	}
	for _, m := range []typing.Method{typing.Telex, typing.VNI} {
		u.typing.Set(m, false)
		for _, c := range cases {
			t.Run(m.String()+"/"+c.name, func(t *testing.T) {
				e := u.newEntryOf(c.kind)
				w.SetContent(e)
				typeInto(w, e, c.keys)
				want := c.telex
				if m == typing.VNI {
					want = c.vni
				}
				assert.Equal(t, want, e.Text)
				assert.Equal(t, c.kind, e.Kind())
			})
		}
	}
}

// The same code typed into a text field and a code field: the badge does not decide.
func TestFieldKindBeatsBadge(t *testing.T) {
	u, w := newTestUI(t, false)
	name, code := u.newEntry(), u.newEntryOf(KindDocCode)
	typeInto(w, name, "TW")
	typeInto(w, code, "TW")
	assert.Equal(t, "TƯ", name.Text, "a name is Vietnamese: TW is Tư")
	assert.Equal(t, "TW", code.Text)
	u.typing.Toggle()
	assert.False(t, u.typing.Vietnamese())
	typeInto(w, code, "W")
	assert.Equal(t, "TWW", code.Text, "E changes nothing for a code field")
}

// Pasted text is never transformed, only normalised to NFC, in every kind of field; the
// clipboard itself is left as it was.
func TestPasteNotTyped(t *testing.T) {
	u, w := newTestUI(t, false)
	clip := w.Clipboard()
	for _, kind := range []FieldKind{KindText, KindPath, KindDocCode} {
		e := u.newEntryOf(kind)
		w.SetContent(e)
		w.Canvas().Focus(e)
		pasted := "Users usb Dow TW Hooij " + norm.NFD.String("Hội Khuyến học")
		clip.SetContent(pasted)
		e.TypedShortcut(&fyne.ShortcutPaste{Clipboard: clip})
		assert.Equal(t, "Users usb Dow TW Hooij Hội Khuyến học", e.Text)
		assert.True(t, norm.NFC.IsNormalString(e.Text))
		assert.Equal(t, pasted, clip.Content(), "the clipboard is not rewritten")
	}
}
