package app

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"image"
	"image/color"
	"image/png"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
	"qlhoi/reports"
	"qlhoi/reports/sign"
)

// signPKI is a test root with a person's RSA certificate and a body's ECDSA one.
type signPKI struct {
	root         *x509.Certificate
	person, body sign.TokenCert
}

func newSignPKI(t *testing.T) *signPKI {
	rk, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	make := func(tmpl, parent *x509.Certificate, pub crypto.PublicKey) *x509.Certificate {
		if parent == nil {
			parent = tmpl
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, pub, rk)
		require.NoError(t, err)
		c, err := x509.ParseCertificate(der)
		require.NoError(t, err)
		return c
	}
	now := time.Now()
	p := &signPKI{}
	p.root = make(&x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "CA thử nghiệm"}, NotBefore: testNow.AddDate(0, -1, 0),
		NotAfter: now.AddDate(1, 0, 0), IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign}, nil, rk.Public())
	pk, err := rsa.GenerateKey(rand.Reader, 2048)
	require.NoError(t, err)
	p.person = sign.TokenCert{Signer: pk, Cert: make(&x509.Certificate{SerialNumber: big.NewInt(2), Subject: pkix.Name{CommonName: "Nguyễn Văn Hùng", Organization: []string{"Ban Dân vận Tỉnh ủy"}},
		NotBefore: testNow.AddDate(0, -1, 0), NotAfter: now.AddDate(1, 0, 0), KeyUsage: x509.KeyUsageDigitalSignature}, p.root, pk.Public())}
	bk, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	p.body = sign.TokenCert{Signer: bk, Cert: make(&x509.Certificate{SerialNumber: big.NewInt(3), Subject: pkix.Name{CommonName: "Ban Dân vận Tỉnh ủy Quảng Trị"},
		NotBefore: testNow.AddDate(0, -1, 0), NotAfter: now.AddDate(1, 0, 0), KeyUsage: x509.KeyUsageDigitalSignature}, p.root, bk.Public())}
	return p
}

// sealPNG is a ring on a transparent background.
func sealPNG(t *testing.T, c color.RGBA) []byte {
	img := image.NewNRGBA(image.Rect(0, 0, 160, 160))
	for y := range 160 {
		for x := range 160 {
			if d := (x-80)*(x-80) + (y-80)*(y-80); d < 75*75 && d > 60*60 {
				img.Set(x, y, c)
			}
		}
	}
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, img))
	return b.Bytes()
}

// issueReport issues a report the way the window does: numbered, in bao-cao.
func issueReport(t *testing.T, u *UI) *data.IssuedDocument {
	m := &reports.Maker{Store: u.store, Now: u.store.Now}
	res, err := m.Make(t.Context(), "thong-ke-hoi", reports.Params{Issue: true,
		Sections: map[string]string{"danh-gia": "Các hội hoạt động ổn định.", "phuong-huong": "Tiếp tục rà soát."}})
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(u.reportDir(), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(u.reportDir(), res.FileName), res.PDF, 0o644))
	return res.Issued
}

// From the register, "Ký số" signs the issued file in place in the person's role and
// then the body's, with the images Settings keep; the register says who signed; both
// signatures verify and chain to the root. A file changed since and a file moved
// away are refused with their reasons; nothing is recorded for them.
func TestSignFromRegister(t *testing.T) {
	u, w := newTestUI(t, true)
	p := newSignPKI(t)
	ctx := t.Context()
	doc := issueReport(t, u)
	require.NoError(t, u.store.SetSigningBytes(ctx, store.SettingSealImage, sealPNG(t, color.RGBA{200, 0, 0, 255})))
	require.NoError(t, u.store.SetSigningBytes(ctx, store.SignatureImageKey(doc.Signer), sealPNG(t, color.RGBA{0, 0, 200, 255})))
	r, i := screenOf[*reportsScreen](u)
	u.show(i)
	r.tabs.SelectIndex(1)

	// The dialog lists the document, checked, and the three roles.
	r.onSign(doc)
	dlg := strings.Join(texts(w.Canvas().Overlays().Top()), " ")
	assert.Contains(t, dlg, doc.Symbol)
	assert.Contains(t, dlg, "Người có thẩm quyền")
	assert.Contains(t, dlg, "phụ lục tách rời")
	// A click on the ticked role keeps it: a signature never goes without a role.
	var roles *widget.RadioGroup
	walk(w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if g, ok := o.(*widget.RadioGroup); ok {
			roles = g
		}
	})
	require.NotNil(t, roles)
	var items []fyne.Tappable
	walk(roles, func(o fyne.CanvasObject) {
		if tp, ok := o.(fyne.Tappable); ok && o != fyne.CanvasObject(roles) {
			items = append(items, tp)
		}
	})
	require.Len(t, items, 3, "one item per role")
	test.Tap(items[0])
	assert.Equal(t, "Người có thẩm quyền (ảnh chữ ký, giữa chức vụ và họ tên)", roles.Selected)
	tapInDialog(t, w, "Hủy")
	err := u.signOne(ctx, doc, &signRequest{role: ""}, p.person)
	assert.Equal(t, []string{"ErrSignRole"}, data.Codes(err), "no role, no signature")

	r.signAll(&signRequest{docs: []*data.IssuedDocument{doc}, role: sign.RolePerson}, nil, p.person)
	assert.Contains(t, strings.Join(texts(w.Canvas().Overlays().Top()), " "), "Đã ký số 1/1 văn bản")
	tapInDialog(t, w, "Đóng")
	docs, err := u.store.IssuedDocuments(ctx)
	require.NoError(t, err)
	// The same role again is refused: a second person's signature went over the seal;
	// and it is said before the PIN is asked. The dialog offers the body next.
	err = u.signOne(ctx, docs[0], &signRequest{role: sign.RolePerson}, p.person)
	assert.Equal(t, []string{"ErrSignRoleTwice"}, data.Codes(err))
	pinAsked := false
	r.findFiles(&signRequest{role: sign.RolePerson, docs: docs[:1]}, 0, func() { pinAsked = true })
	assert.False(t, pinAsked)
	assert.Contains(t, strings.Join(texts(w.Canvas().Overlays().Top()), " "), "không ký lại")
	tapInDialog(t, w, "Đóng")
	r.onSign(docs[0])
	var offered *widget.RadioGroup
	walk(w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if g, ok := o.(*widget.RadioGroup); ok {
			offered = g
		}
	})
	require.NotNil(t, offered)
	assert.Equal(t, u.T("sign.role.body"), offered.Selected)
	tapInDialog(t, w, "Hủy")
	r.signAll(&signRequest{docs: docs, role: sign.RoleBody}, nil, p.body)
	tapInDialog(t, w, "Đóng")
	reg := strings.Join(texts(r.register), " ")
	assert.Contains(t, reg, "đã ký số (người có thẩm quyền): Nguyễn Văn Hùng")
	assert.Contains(t, reg, "đã ký số (cơ quan): Ban Dân vận Tỉnh ủy Quảng Trị")

	path := filepath.Join(u.reportDir(), doc.FileName)
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	sigs, err := sign.Verify(b, sign.Pool([]*x509.Certificate{p.root}))
	require.NoError(t, err)
	require.Len(t, sigs, 2)
	for _, s := range sigs {
		assert.True(t, s.Valid && s.Intact && s.Trusted, "%+v", s)
	}
	assert.Equal(t, 2, bytes.Count(b, []byte("/SMask")), "the signature's and the seal's images, each with its transparency")

	// The Party report of the same day and number has its own file; a file holding
	// another entry's document is never signed under this one's number.
	u.store.Now = func() time.Time { return testNow }
	m := &reports.Maker{Store: u.store, Now: u.store.Now}
	party, err := m.Make(ctx, "thong-ke-hoi", reports.Params{Issue: true, Profile: "party",
		Sections: map[string]string{"danh-gia": "Các hội hoạt động ổn định.", "phuong-huong": "Tiếp tục rà soát."}})
	require.NoError(t, err)
	assert.NotEqual(t, doc.FileName, party.FileName, "State and Party files of one day and number")
	require.NoError(t, os.WriteFile(filepath.Join(u.reportDir(), doc.FileName+".party"), party.PDF, 0o644))
	other := *party.Issued
	other.FileName = doc.FileName + ".party"
	err = u.signOne(ctx, &other, &signRequest{role: sign.RolePerson}, p.person)
	require.NoError(t, err, "its own file signs")
	wrong := *docs[0]
	wrong.FileName = other.FileName
	err = u.signOne(ctx, &wrong, &signRequest{role: sign.RoleAppendix}, p.body)
	assert.Equal(t, []string{"ErrSignOtherDocument"}, data.Codes(err), "the Party file under the State number")

	// In the certificate chooser too, a click on the ticked one keeps it.
	r.chooseCert(&signRequest{role: sign.RolePerson, docs: docs}, nil, []sign.TokenCert{p.person, p.body})
	var certs *widget.RadioGroup
	walk(w.Canvas().Overlays().Top(), func(o fyne.CanvasObject) {
		if g, ok := o.(*widget.RadioGroup); ok {
			certs = g
		}
	})
	require.NotNil(t, certs)
	ticked := certs.Selected
	var certItems []fyne.Tappable
	walk(certs, func(o fyne.CanvasObject) {
		if tp, ok := o.(fyne.Tappable); ok && o != fyne.CanvasObject(certs) {
			certItems = append(certItems, tp)
		}
	})
	require.Len(t, certItems, 2)
	test.Tap(certItems[0])
	assert.Equal(t, ticked, certs.Selected, "never none")
	tapInDialog(t, w, "Hủy")

	// The certificate that fits the role comes first; another name for the person's
	// signature is said.
	person := &signRequest{role: sign.RolePerson, docs: docs}
	ranked := rankCerts([]sign.TokenCert{p.body, p.person}, person, "Ban Dân vận Tỉnh ủy Quảng Trị")
	assert.Equal(t, "Nguyễn Văn Hùng", ranked[0].Cert.Subject.CommonName)
	assert.Contains(t, certWarning(u, p.body, person), "khác người ký ghi trong sổ")
	assert.Empty(t, certWarning(u, p.person, person))
	body := &signRequest{role: sign.RoleBody, docs: docs}
	ranked = rankCerts([]sign.TokenCert{p.person, p.body}, body, "Ban Dân vận Tỉnh ủy Quảng Trị")
	assert.Equal(t, "Ban Dân vận Tỉnh ủy Quảng Trị", ranked[0].Cert.Subject.CommonName)

	// Changed after signing: refused, the register keeps its two signatures.
	require.NoError(t, os.WriteFile(path, append(b, []byte("\n% sửa\n")...), 0o644))
	err = u.signOne(ctx, docs[0], &signRequest{role: sign.RoleAppendix}, p.body)
	assert.Equal(t, []string{"ErrSignNotIssued"}, data.Codes(err))
	require.NoError(t, os.Remove(path))
	err = u.signOne(ctx, docs[0], &signRequest{role: sign.RoleAppendix}, p.body)
	assert.Equal(t, []string{"ErrSignFileMissing"}, data.Codes(err))
	assert.Contains(t, u.message(err), doc.FileName)

	// A file missing is said before the PIN is asked, with a way to point to it; a
	// file elsewhere (issued with qlhoictl --out) is found there and signed in place.
	asked := false
	req := &signRequest{role: sign.RoleAppendix, docs: docs[:1]}
	r.findFiles(req, 0, func() { asked = true })
	assert.False(t, asked, "no PIN for a file that is not there")
	shown := strings.Join(texts(w.Canvas().Overlays().Top()), " ")
	assert.Contains(t, shown, "Không thấy tệp "+doc.FileName)
	assert.NotNil(t, button(w.Canvas().Overlays().Top(), "Chọn tệp PDF…"))
	tapInDialog(t, w, "Hủy")
	elsewhere := filepath.Join(t.TempDir(), "văn bản khác chỗ.pdf")
	require.NoError(t, os.WriteFile(elsewhere, b, 0o644))
	req.paths = map[string]string{docs[0].ID: elsewhere}
	r.findFiles(req, 0, func() { asked = true })
	assert.True(t, asked, "the file where the clerk pointed is the register's document")
	// Where a file was found is remembered: the next signature does not ask again.
	require.NoError(t, u.store.SetSignFile(ctx, docs[0].ID, elsewhere))
	asked = false
	r.findFiles(&signRequest{role: sign.RoleAppendix, docs: docs[:1]}, 0, func() { asked = true })
	assert.True(t, asked, "found where it was pointed to before")
	require.NoError(t, u.signOne(ctx, docs[0], req, p.body))
	b2, err := os.ReadFile(elsewhere)
	require.NoError(t, err)
	sigs, err = sign.Verify(b2, sign.Pool([]*x509.Certificate{p.root}))
	require.NoError(t, err)
	assert.Len(t, sigs, 3, "signed in place where it is")
	require.NoError(t, os.Remove(elsewhere))
	docs, _ = u.store.IssuedDocuments(ctx)
	assert.Len(t, docs[0].Signatures, 3)
}

// A directive keeps its received PDF; the window says who signed it, whether it is
// intact, and whether the signer chains to a root the office imported in Settings;
// a file changed after signing is reported.
func TestReceivedPDFVerified(t *testing.T) {
	u, w := newTestUI(t, true)
	p := newSignPKI(t)
	ctx := t.Context()
	doc := issueReport(t, u)
	require.NoError(t, u.signOne(ctx, doc, &signRequest{role: sign.RolePerson}, p.person))
	signed, err := os.ReadFile(filepath.Join(u.reportDir(), doc.FileName))
	require.NoError(t, err)

	dirs, err := u.store.Directives(ctx)
	require.NoError(t, err)
	_, err = u.store.Attach(ctx, dirs[0].ID, "1520-CV-TU.pdf", signed)
	require.NoError(t, err)

	words, v := u.verifyWords(signed)
	assert.Equal(t, sign.Unchecked, v, "no roots yet")
	assert.Contains(t, words, "Nguyễn Văn Hùng")
	assert.Contains(t, words, "Chưa kiểm tra chứng thư số gốc")

	certs, err := sign.ParseRoots(p.root.Raw)
	require.NoError(t, err)
	require.NoError(t, u.store.SetSigningBytes(ctx, store.SettingTrustedRoots, certs[0].Raw))
	words, v = u.verifyWords(signed)
	assert.Equal(t, sign.Good, v, words)
	assert.Contains(t, words, "Chứng thư số thuộc tổ chức cung cấp dịch vụ tin cậy")

	bad := bytes.Replace(signed, []byte("Tiếp tục rà soát"[:6]), []byte("Tiep t"), 1)
	if bytes.Equal(bad, signed) {
		bad = append([]byte(nil), signed...)
		bad[len(bad)/3] ^= 1
	}
	words, v = u.verifyWords(bad)
	assert.Equal(t, sign.Broken, v, words)
	assert.Contains(t, words, "KHÔNG HỢP LỆ")

	// The directive's dialog shows the file and what its signature says.
	tk, i := screenOf[*tasks](u)
	u.show(i)
	tk.selectDirective(dirs[0].ID)
	tk.onAttachments()
	shown := strings.Join(texts(w.Canvas().Overlays().Top()), " ")
	assert.Contains(t, shown, "1520-CV-TU.pdf")
	assert.Contains(t, shown, "Nguyễn Văn Hùng")

	// Settings list the imported root and the images.
	s, i := screenOf[*settings](u)
	u.show(i)
	s.refresh()
	all := strings.Join(texts(s.root), " ")
	assert.Contains(t, all, "CA thử nghiệm")
	assert.Contains(t, all, "Ảnh con dấu của cơ quan")
}

// A record of another office says whose it is and whether an edit travels; agencies
// of other offices come after this office's own, marked with their office.
func TestOwnershipShown(t *testing.T) {
	u, w := newTestUI(t, true)
	ctx := t.Context()
	up := &data.Office{Code: "QT-GL", Name: "Đảng ủy xã Gio Linh", Level: data.LevelCommune, Parent: "QT"}
	require.NoError(t, u.store.Create(ctx, up))
	theirs := &data.Agency{Name: "Văn phòng Đảng ủy xã Gio Linh"}
	theirs.Office = "QT-GL"
	require.NoError(t, u.store.Create(ctx, theirs))
	note := u.ownerNote("QT-GL")
	assert.Contains(t, note, "Đảng ủy xã Gio Linh (Xã)")
	assert.Contains(t, note, "sẽ gửi tới đơn vị đó", "a lower office's record: the edit travels")
	assert.Empty(t, u.ownerNote(u.store.Office()))
	assert.Contains(t, u.ownerNote("TW"), "chỉ lưu trên máy này", "an office above or unknown: the edit stays")

	s, i := screenOf[*agencies](u)
	u.show(i)
	s.refresh()
	last := s.all[len(s.all)-1]
	assert.Equal(t, theirs.ID, last.ID, "other offices' agencies after this office's own")
	for _, a := range s.all[:len(s.all)-1] {
		assert.Equal(t, u.store.Office(), a.Office)
	}
	s.list.Select(len(s.shown) - 1)
	s.onEdit()
	assert.Contains(t, strings.Join(texts(w.Canvas().Overlays().Top()), " "), "Bản ghi của Đảng ủy xã Gio Linh (Xã)")
	u.closeDialog()

	tk, i := screenOf[*tasks](u)
	u.show(i)
	_, names := tk.agencyChoices()
	assert.Equal(t, data.Shorten("Văn phòng Đảng ủy xã Gio Linh — Đảng ủy xã Gio Linh (Xã)", 55), names[len(names)-1])
}

// An association's line leaves out a blank field ("Xã ·  · Đang hoạt động") and names
// its office when it is another's.
func TestAssociationSummary(t *testing.T) {
	u, _ := newTestUI(t, true)
	s, _ := screenOf[*associations](u)
	a := &data.Association{Name: "Hội Nông dân xã", Scope: data.ScopeCommune, Status: data.StatusActive}
	assert.Equal(t, "Xã · Đang hoạt động", s.summary(a))
	a.Office = "QT-XX"
	assert.Equal(t, "Xã · Đang hoạt động · của QT-XX", s.summary(a))
}

// A search that leaves out the open association closes it (the pane asks to choose
// one); a search that keeps it keeps it selected; one with unsaved changes stays
// open, and the count says it is not in the list.
func TestSearchFollowsOpenAssociation(t *testing.T) {
	u, _ := newTestUI(t, true)
	s, i := screenOf[*associations](u)
	u.show(i)
	s.list.Select(0)
	require.NotNil(t, s.rec)
	name := s.rec.a.Name
	s.search.SetText(strings.Fields(name)[len(strings.Fields(name))-1])
	require.NotNil(t, s.rec, "still in the list")
	assert.Equal(t, name, s.rec.a.Name)
	assert.Equal(t, name, s.row(s.selected).Name, "and selected")
	s.search.SetText("không hội nào tên thế này")
	assert.Nil(t, s.rec)
	assert.Contains(t, texts(s.detail), u.T("assoc.pick"))
	s.search.SetText("")
	s.list.Select(0)
	s.rec.dirty = true
	s.search.SetText("không hội nào tên thế này")
	require.NotNil(t, s.rec, "unsaved changes are never closed away")
	assert.Contains(t, s.count.Text, "không có trong danh sách đã lọc")
}

// Choosing another directive clears a task of the first from the detail pane; the
// task's buttons come first, wherever its text ends; a line begins with the deadline.
func TestTaskPaneFollowsDirective(t *testing.T) {
	u, _ := newTestUI(t, true)
	tk, i := screenOf[*tasks](u)
	u.show(i)
	require.GreaterOrEqual(t, len(tk.directives), 2)
	tk.dirList.Select(1)
	tk.list.Select(0)
	require.NotNil(t, tk.current)
	first := tk.current
	assert.True(t, strings.HasPrefix(tk.summary(first, first.StatusOn(u.today())), "hạn "), "the deadline first")
	buttons := texts(tk.detail)
	require.NotEmpty(t, buttons)
	tk.dirList.Select(2)
	if tk.current != nil {
		assert.Equal(t, tk.directives[1].ID, tk.current.Directive, "the pane shows a task of the directive chosen, or none")
	} else {
		assert.Contains(t, strings.Join(texts(tk.detail), " "), u.T("task.pick"))
	}
}

// Tổng quan counts this office's work: tasks led by another office's bodies (come down
// with its directives) are left out; those led by another office's agency that stands
// for this office are counted.
func TestOverviewCountsOwnWork(t *testing.T) {
	u, _ := newTestUI(t, true)
	ctx := t.Context()
	o, i := screenOf[*overview](u)
	u.show(i)
	before := o.totals.overdue
	dirs, err := u.store.Directives(ctx)
	require.NoError(t, err)
	theirs := &data.Agency{Name: "Ban Tổ chức Trung ương"}
	theirs.Office = "TW"
	forUs := &data.Agency{Name: "Ban Dân vận Tỉnh ủy Quảng Trị (do Trung ương giao)", OfficeCode: u.store.Office()}
	forUs.Office = "TW"
	for _, a := range []*data.Agency{theirs, forUs} {
		require.NoError(t, u.store.Create(ctx, a))
		tk := &data.Task{Directive: dirs[0].ID, Content: "Việc của " + a.Name, Lead: a.ID, Deadline: u.today().AddDays(-10)}
		tk.Office = "TW"
		require.NoError(t, u.store.Create(ctx, tk))
	}
	o.refresh()
	assert.Equal(t, before+1, o.totals.overdue, "only the task led for this office is counted")
}

// A wrong passphrase for an encrypted backup asks it again for the same file.
func TestRestoreWrongPassphraseAsksAgain(t *testing.T) {
	u, w := newTestUI(t, true)
	path := filepath.Join(t.TempDir(), "sao-luu.age")
	require.NoError(t, u.store.BackupEncrypted(t.Context(), path, "mật khẩu đúng 2026"))
	s, i := screenOf[*settings](u)
	u.show(i)
	s.askRestorePassphrase(path)
	form := w.Canvas().Overlays().Top()
	require.NotNil(t, form)
	var pass *Entry
	walk(form, func(o fyne.CanvasObject) {
		if e, ok := o.(*Entry); ok && pass == nil {
			pass = e
		}
	})
	require.NotNil(t, pass)
	pass.SetText("sai mật khẩu")
	pass.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) // Enter, as the button
	shown := strings.Join(texts(w.Canvas().Overlays().Top()), " ")
	assert.Contains(t, shown, "Mật khẩu không mở được bản sao lưu")
	tapInDialog(t, w, "Đóng")
	assert.Contains(t, strings.Join(texts(w.Canvas().Overlays().Top()), " "), u.T("settings.backup.passphrase"), "the passphrase is asked again")
}

// In the yearly figures table a number nobody recorded is blank, as in the reports.
func TestFiguresTableBlanksUnrecorded(t *testing.T) {
	u, w := newTestUI(t, true)
	a, i := screenOf[*associations](u)
	u.show(i)
	a.list.Select(0)
	require.NoError(t, u.store.Create(t.Context(), &data.YearlyFigure{Association: a.rec.a.ID, Year: 2019, Members: 320}))
	a.list.UnselectAll()
	a.rec = nil
	a.open(a.row(0).ID)
	a.rec.tabs.SelectIndex(2)
	w.Content().Refresh()
	shown := texts(a.rec.tabs.Items[2].Content)
	assert.Contains(t, shown, "320")
	assert.NotContains(t, shown, "0", "blank, never 0")
}

// A good signature, an unchecked one and a broken one are told apart by colour: the
// good one was drawn in the primary red, like a broken one. Good is green, broken red.
func TestVerdictColours(t *testing.T) {
	newTestUI(t, true)
	th := fyne.CurrentApp().Settings().Theme()
	rgb := func(v sign.Verdict) [3]uint32 {
		name := map[widget.Importance]fyne.ThemeColorName{widget.DangerImportance: theme.ColorNameError,
			widget.WarningImportance: theme.ColorNameWarning, widget.SuccessImportance: theme.ColorNameSuccess}[verdictImportance(v)]
		require.NotEmpty(t, name, "a colour of its own for verdict %d", v)
		r, g, b, _ := th.Color(name, theme.VariantLight).RGBA()
		return [3]uint32{r, g, b}
	}
	good, broken, unchecked := rgb(sign.Good), rgb(sign.Broken), rgb(sign.Unchecked)
	assert.Greater(t, good[1], good[0], "good is green")
	assert.Greater(t, broken[0], broken[1], "broken is red")
	assert.NotEqual(t, unchecked, good)
	assert.NotEqual(t, unchecked, broken)
}

// The window's words about the token's library point to its own "Chọn tệp…", never
// to a command-line flag.
func TestNoModuleMessageInWindow(t *testing.T) {
	u, _ := newTestUI(t, true)
	msg := u.message(sign.ErrNoModule)
	assert.Contains(t, msg, "chọn tệp thư viện")
	assert.NotContains(t, msg, "--")
}

// An image that came with a backup is held to the chooser's rules before it is
// decoded: a 4000×4000 seal is said unusable in Settings (it was decoded, 800 MB).
func TestSettingsImageChecked(t *testing.T) {
	u, w := newTestUI(t, true)
	img := image.NewNRGBA(image.Rect(0, 0, 4000, 4000))
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, img))
	require.NoError(t, u.store.SetSigningBytes(t.Context(), store.SettingSealImage, b.Bytes()))
	_, i := screenOf[*settings](u)
	u.show(i)
	shown := strings.Join(texts(w.Content()), " ")
	assert.Contains(t, shown, "Ảnh đang lưu không dùng được")
	assert.Contains(t, shown, "4000×4000")
}
