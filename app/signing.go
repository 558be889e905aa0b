package app

import (
	"context"
	"crypto/x509"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qlhoi/data"
	"qlhoi/data/store"
	"qlhoi/reports"
	"qlhoi/reports/sign"
)

// settingModule remembers the token's library the clerk chose (a path, no secret;
// this machine's, never taken from a backup).
const settingModule = store.SettingSignModule

// reportDir is where the window writes reports: beside the database, in bao-cao.
func (u *UI) reportDir() string { return filepath.Join(filepath.Dir(u.store.Path()), "bao-cao") }

// signRoles are the roles a clerk chooses from, in order.
var signRoles = sign.Roles

// signRequest is what the clerk asked in the signing dialog.
type signRequest struct {
	docs     []*data.IssuedDocument
	role     sign.Role
	module   string
	pin      string
	pkcs1v15 bool
	// paths are the files the clerk pointed to, by document id, for documents whose
	// file is not in bao-cao (issued elsewhere with qlhoictl --out, or moved).
	paths map[string]string
}

// path is where a document's file is: where the clerk pointed (now, or for an earlier
// signature, or qlhoictl --out when it was issued), else in bao-cao.
func (q *signRequest) path(u *UI, d *data.IssuedDocument) string {
	if p := q.paths[d.ID]; p != "" {
		return p
	}
	if p, err := u.store.SignFile(u.ctx, d.ID); err == nil && p != "" {
		return p
	}
	return filepath.Join(u.reportDir(), d.FileName)
}

// signableFile reads a document's file and checks it is the register's document as
// issued or last signed.
func (u *UI) signableFile(ctx context.Context, path string, d *data.IssuedDocument) ([]byte, error) {
	b, err := readUpTo(path, 200<<20)
	if err != nil {
		return nil, &data.Error{Code: "ErrSignFileMissing", Message: u.T("sign.file_missing", filepath.Base(path), filepath.Dir(path)), Err: err}
	}
	_, err = reports.IssuedFile(ctx, u.store, d.ID, b)
	return b, err
}

// findFiles checks each chosen document's file from the i-th on, before the PIN is
// asked: a file missing or changed is said at once, and the clerk may point to the
// right file (a report issued elsewhere); then goes on.
func (r *reportsScreen) findFiles(req *signRequest, i int, then func()) {
	u := r.u
	if i == len(req.docs) {
		then()
		return
	}
	d := req.docs[i]
	// What the token is not needed for is checked first: the role and the image.
	if _, err := reports.ReadyToSign(u.ctx, u.store, d, req.role); err != nil {
		u.showError(err)
		return
	}
	_, err := u.signableFile(u.ctx, req.path(u, d), d)
	if err == nil {
		r.findFiles(req, i+1, then)
		return
	}
	u.confirm(u.T("sign.title"), u.T("sign.find_file", d.Symbol, u.message(err)), u.T("sign.find_file.pick"), func() {
		u.askOpenAt(filepath.Dir(req.path(u, d)), u.T("sign.find_file.pick"), []string{".pdf"}, func(path string) {
			if req.paths == nil {
				req.paths = map[string]string{}
			}
			req.paths[d.ID] = path
			if _, err := u.signableFile(u.ctx, path, d); err == nil {
				_ = u.store.SetSignFile(u.ctx, d.ID, path) // a convenience for the next signature: best effort
			}
			r.findFiles(req, i, then) // checked again: a wrong file is said and asked again
		})
	})
}

// onSign asks which issued documents to sign (first checked), in which role, with
// which token, and its PIN; several documents are signed with one PIN.
func (r *reportsScreen) onSign(first *data.IssuedDocument) {
	// The first role the document has not been signed in: the person, then the body
	// (văn thư); an appendix otherwise.
	role := sign.RoleAppendix
	for _, r := range []sign.Role{sign.RolePerson, sign.RoleBody} {
		if !slices.ContainsFunc(first.Signatures, func(s data.DigitalSignature) bool { return s.Role == string(r) }) {
			role = r
			break
		}
	}
	r.signDialog([]string{first.ID}, role, "")
}

// signDialog is the signing dialog with the documents (ids), role and library chosen:
// a wrong PIN brings it back as it was, the PIN empty.
func (r *reportsScreen) signDialog(chosen []string, chosenRole sign.Role, chosenModule string) {
	u := r.u
	docs, err := u.store.IssuedDocuments(u.ctx)
	if err != nil {
		u.showError(err)
		return
	}
	req := &signRequest{}
	checks := container.NewVBox()
	for _, d := range docs {
		if d.Cancelled {
			continue
		}
		label := d.Symbol + " · " + d.Date.String() + " · " + data.Shorten(d.Subject, 40)
		if n := len(d.Signatures); n > 0 {
			label += " — " + u.T("register.signed", n)
		}
		c := widget.NewCheck(label, nil)
		c.SetChecked(slices.Contains(chosen, d.ID))
		d := d
		c.OnChanged = func(on bool) { req.toggle(d, on) }
		if c.Checked {
			req.toggle(d, true)
		}
		checks.Add(c)
	}
	labels := make([]string, len(signRoles))
	for i, role := range signRoles {
		labels[i] = u.T("sign.role." + string(role))
	}
	role := widget.NewRadioGroup(labels, nil)
	role.Required = true // a click on the ticked role must not leave none
	role.SetSelected(labels[max(0, slices.Index(signRoles, chosenRole))])
	module := u.moduleChoice()
	if chosenModule != "" {
		module.choice.Options = uniqueNonEmpty(append([]string{chosenModule}, module.choice.Options...))
		module.choice.SetSelected(chosenModule)
	}
	pkcs1 := widget.NewCheck(u.T("sign.pkcs1v15"), nil)
	pin := widget.NewPasswordEntry()
	pin.SetPlaceHolder(u.T("sign.pin.hint"))
	form := formGrid(widget.NewLabel(u.T("sign.documents")), container.NewGridWrap(fyne.NewSize(560, 150), container.NewVScroll(checks)),
		widget.NewLabel(u.T("sign.role")), role,
		widget.NewLabel(u.T("sign.module")), module.box,
		layout.NewSpacer(), pkcs1,
		widget.NewLabel(u.T("sign.pin")), pin)
	dlg := dialog.NewCustomConfirm(u.T("sign.title"), u.T("sign.do"), u.T("action.cancel"), form, func(ok bool) {
		if !ok {
			return
		}
		for i, l := range labels {
			if role.Selected == l {
				req.role = signRoles[i]
			}
		}
		req.module, req.pin, req.pkcs1v15 = module.path(), pin.Text, pkcs1.Checked
		r.findFiles(req, 0, func() { r.openToken(req) })
	}, u.win)
	dlg.Resize(u.dialogSize(fyne.NewSize(760, 560)))
	u.pushDialog(dlg, nil, dlg.Confirm)
	dlg.Show()
	u.focus(pin)
}

// toggle adds or removes a document from those to sign.
func (q *signRequest) toggle(d *data.IssuedDocument, on bool) {
	for i, x := range q.docs {
		if x.ID == d.ID {
			q.docs = append(q.docs[:i], q.docs[i+1:]...)
		}
	}
	if on {
		q.docs = append(q.docs, d)
	}
}

// signedNote says who signed a document already, for the register and the dialog.
func signedNote(u *UI, d *data.IssuedDocument) string {
	var parts []string
	for _, s := range d.Signatures {
		parts = append(parts, u.T("sign.signed_by", u.T("sign.role_short."+s.Role), s.Signer, s.When().In(data.Vietnam).Format("15:04 02/01/2006")))
	}
	if len(parts) == 0 {
		return ""
	}
	return " — " + strings.Join(parts, "; ")
}

// moduleChooser picks the token's library: those found on this machine, the one
// chosen last time, or a file the clerk picks.
type moduleChooser struct {
	box    fyne.CanvasObject
	choice *widget.Select
}

func (m *moduleChooser) path() string { return m.choice.Selected }

func (u *UI) moduleChoice() *moduleChooser {
	found := sign.FindModules()
	if last, _ := u.store.Setting(u.ctx, settingModule); last != "" {
		found = uniqueNonEmpty(append([]string{last}, found...))
	}
	m := &moduleChooser{choice: widget.NewSelect(found, nil)}
	m.choice.PlaceHolder = u.T("sign.module.none")
	if len(found) > 0 {
		m.choice.SetSelectedIndex(0)
	}
	pick := u.returnsFocus(widget.NewButtonWithIcon(u.T("sign.module.pick"), theme.FolderOpenIcon(), func() {
		u.askOpen(u.T("sign.module"), []string{".dll", ".so"}, func(path string) {
			m.choice.Options = uniqueNonEmpty(append([]string{path}, m.choice.Options...))
			m.choice.SetSelected(path)
		})
	}))
	m.box = border(nil, nil, nil, pick, m.choice)
	return m
}

func uniqueNonEmpty(in []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range in {
		if s != "" && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// openToken opens the token with the PIN and lists its certificates; with more than
// one, the clerk chooses.
func (r *reportsScreen) openToken(req *signRequest) {
	u := r.u
	if len(req.docs) == 0 {
		r.signDialog(nil, req.role, req.module) // the choices again, to tick a document
		u.showError(&data.Error{Message: u.T("sign.none_chosen")})
		return
	}
	if req.module == "" {
		u.showError(sign.ErrNoModule)
		return
	}
	var tok *sign.Token
	var certs []sign.TokenCert
	u.runLong(u.T("sign.opening"), func(ctx context.Context, _ func(float64)) error {
		var err error
		if tok, err = sign.OpenToken(req.module, req.pin); err != nil {
			return err
		}
		if certs, err = tok.Certificates(); err == nil && len(certs) == 0 {
			err = &data.Error{Code: "ErrSignNoCert", Message: data.Catalogue["ErrSignNoCert"].Vi}
		}
		return err
	}, func(err error) {
		req.pin = ""
		if err != nil {
			if tok != nil {
				tok.Close()
			}
			if data.HasCode(err, "ErrSignWrongPIN") || data.HasCode(err, "ErrSignPINEmpty") {
				// The same choices again, for the PIN only.
				var ids []string
				for _, d := range req.docs {
					ids = append(ids, d.ID)
				}
				r.signDialog(ids, req.role, req.module)
			}
			u.showError(err)
			return
		}
		_ = u.store.SetSetting(u.ctx, settingModule, req.module) // a convenience: best effort
		certs = rankCerts(certs, req, u.signingOffice())
		if len(certs) == 1 && certWarning(u, certs[0], req) == "" {
			r.signAll(req, tok, certs[0])
			return
		}
		r.chooseCert(req, tok, certs)
	})
}

// signingOffice is the name of the body that signs as the office (the issuing body of
// the documents' heading, else the office's name).
func (u *UI) signingOffice() string {
	if doc, err := u.store.DocumentSettings(u.ctx); err == nil && doc.Issuer != "" {
		return doc.Issuer
	}
	if o, err := u.store.OwnOffice(u.ctx); err == nil {
		return o.Name
	}
	return ""
}

// fits says whether a certificate's name is the one a role wants: the person who
// signs in the register for the person, the office for the body.
func fits(c sign.TokenCert, req *signRequest, office string) bool {
	cn := data.Fold(c.Cert.Subject.CommonName)
	if req.role == sign.RolePerson {
		return len(req.docs) > 0 && cn == data.Fold(req.docs[0].Signer)
	}
	o := data.Fold(office)
	return o != "" && (strings.Contains(cn, o) || strings.Contains(o, cn))
}

// rankCerts puts first the certificates whose name fits the role, then the others,
// each group by name: the person's certificate was offered first for the office's
// signature, in an order that changed between openings.
func rankCerts(certs []sign.TokenCert, req *signRequest, office string) []sign.TokenCert {
	out := slices.Clone(certs)
	slices.SortStableFunc(out, func(a, b sign.TokenCert) int {
		if fa, fb := fits(a, req, office), fits(b, req, office); fa != fb {
			if fa {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Cert.Subject.CommonName, b.Cert.Subject.CommonName)
	})
	return out
}

// certWarning says when the person's signature is about to be made with a certificate
// of another name than the register's signer ("" when it fits or the role is another).
func certWarning(u *UI, c sign.TokenCert, req *signRequest) string {
	if req.role != sign.RolePerson || len(req.docs) == 0 || fits(c, req, "") {
		return ""
	}
	return u.T("sign.cert.other_person", c.Cert.Subject.CommonName, req.docs[0].Signer)
}

// certLabel names a certificate as a clerk tells them apart.
func certLabel(c *x509.Certificate) string {
	return fmt.Sprintf("%s — %s (%s–%s)", c.Subject.CommonName, strings.Join(c.Subject.Organization, ", "), data.DateOf(c.NotBefore), data.DateOf(c.NotAfter))
}

func (r *reportsScreen) chooseCert(req *signRequest, tok *sign.Token, certs []sign.TokenCert) {
	u := r.u
	labels := make([]string, len(certs))
	for i, c := range certs {
		labels[i] = certLabel(c.Cert)
	}
	warning := wrapped("")
	warning.Importance = widget.WarningImportance
	choice := widget.NewRadioGroup(labels, func(l string) {
		for i, x := range labels {
			if x == l {
				warning.SetText(certWarning(u, certs[i], req))
			}
		}
	})
	choice.Required = true // a click on the ticked certificate must not leave none
	choice.SetSelected(labels[0])
	dlg := dialog.NewCustomConfirm(u.T("sign.cert.title"), u.T("sign.do"), u.T("action.cancel"), container.NewVBox(choice, warning), func(ok bool) {
		i := slices.Index(labels, choice.Selected)
		if !ok || i < 0 {
			tok.Close() // every way out lets go of the token: it stays usable
			return
		}
		r.signAll(req, tok, certs[i])
	}, u.win)
	u.pushDialog(dlg, nil, dlg.Confirm)
	dlg.Show()
}

// signAll signs each document's file in bao-cao in place (the signature is appended:
// the file as issued stays its first bytes), records it in the register, then says
// what was signed and what was not.
func (r *reportsScreen) signAll(req *signRequest, tok *sign.Token, cert sign.TokenCert) {
	u := r.u
	var lines []string
	signed := 0
	u.runLong(u.T("sign.signing"), func(ctx context.Context, progress func(float64)) error {
		for i, d := range req.docs {
			progress(float64(i) / float64(len(req.docs)))
			err := u.signOne(ctx, d, req, cert)
			if err != nil {
				lines = append(lines, u.T("sign.result.failed", d.Symbol, u.message(err)))
				continue
			}
			signed++
			lines = append(lines, u.T("sign.result.done", d.Symbol))
		}
		return nil
	}, func(err error) {
		tok.Close()
		r.showRegister()
		if err != nil {
			u.showError(err)
			return
		}
		summary := u.T("sign.summary", signed, len(req.docs), cert.Cert.Subject.CommonName)
		u.notify(summary)
		d := dialog.NewCustom(u.T("sign.title"), u.T("action.close"), wrappedFixed(summary+"\n\n"+strings.Join(lines, "\n"), 560), u.win)
		u.pushDialog(d, nil, nil)
		d.Show()
	})
}

// signOne signs one document's file as the register knows it.
func (u *UI) signOne(ctx context.Context, d *data.IssuedDocument, req *signRequest, cert sign.TokenCert) error {
	path := req.path(u, d)
	b, err := u.signableFile(ctx, path, d)
	if err != nil {
		return err
	}
	o := sign.Options{Role: req.role, Signer: cert.Signer, Chain: []*x509.Certificate{cert.Cert}, PKCS1v15: req.pkcs1v15}
	_, err = reports.SignIssued(ctx, u.store, d.ID, b, o, func(signed []byte) error {
		if err := data.WriteFileAtomic(path, signed); err != nil {
			return &data.Error{Code: "ErrWriteReport", Message: u.T("report.write_failed", filepath.Dir(path)), Err: err}
		}
		return nil
	})
	return err
}

// readUpTo reads at most max+1 bytes of a file: the caller's own check refuses a file
// over max with its reason, and a hostile file is never read whole.
func readUpTo(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, max+1))
}
