package app

import (
	"context"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qlhoi/app/typing"
	"qlhoi/data"
	"qlhoi/data/store"
)

// settings (Cài đặt): office details, signer, document profile, due-soon window,
// language, typing method, backup and restore.
type settings struct {
	u                                     *UI
	officeName, place, signer, signerRole *Entry
	parent                                *Entry
	dueSoon, termMonths, keepBackups      *Entry
	superior, issuer, symbol, authority   *Entry
	termStart                             *Entry
	profile                               *widget.RadioGroup
	language, method, style               *widget.Select
	errs                                  map[string]*canvas.Text
	root                                  *fyne.Container
	dirty                                 bool
}

var typingMethods = []typing.Method{typing.Telex, typing.VNI, typing.Off}

func newSettings(u *UI) *settings {
	return &settings{u: u, root: container.NewStack(), errs: map[string]*canvas.Text{}}
}

func (s *settings) title() string           { return s.u.T("nav.settings") }
func (s *settings) icon() fyne.Resource     { return theme.SettingsIcon() }
func (s *settings) view() fyne.CanvasObject { return s.root }

func (s *settings) leave(then func()) bool {
	if !s.dirty {
		return true
	}
	s.u.confirm(s.u.T("form.unsaved.title"), s.u.T("form.unsaved"), s.u.T("form.discard"), func() {
		s.dirty = false
		then()
	})
	return false
}

func (s *settings) refresh() {
	u := s.u
	ctx := u.ctx
	office, err := u.store.OwnOffice(ctx)
	if err != nil {
		u.showError(err)
		return
	}
	s.officeName, s.place, s.signer, s.signerRole = u.newEntry(), u.newEntry(), u.newEntry(), u.newEntry()
	s.parent = u.newEntryOf(KindOfficeCode)
	s.parent.SetText(office.Parent)
	s.parent.SetPlaceHolder(u.T("wizard.parent.hint"))
	s.dueSoon, s.termMonths, s.keepBackups = u.newEntryOf(KindNumber), u.newEntryOf(KindNumber), u.newEntryOf(KindNumber)
	if err := s.documentFields(); err != nil {
		u.showError(err)
		return
	}
	s.officeName.SetText(office.Name)
	s.place.SetText(office.Place)
	get := func(k string) string { v, _ := u.store.Setting(ctx, k); return v }
	s.signer.SetText(get(store.SettingSigner))
	s.signerRole.SetText(get(store.SettingSignerTitle))
	s.dueSoon.SetText(strconv.Itoa(u.store.IntSetting(ctx, store.SettingDueSoonDays, data.DefaultDueSoonDays)))
	s.termMonths.SetText(strconv.Itoa(u.store.IntSetting(ctx, store.SettingTermMonths, 6)))
	s.keepBackups.SetText(strconv.Itoa(u.store.KeepBackups(ctx)))
	s.profile = widget.NewRadioGroup([]string{u.T("settings.profile.state"), u.T("settings.profile.party")}, nil)
	s.profile.Horizontal = true
	s.profile.SetSelected(u.T("settings.profile.state"))
	if get(store.SettingProfile) == "party" {
		s.profile.SetSelected(u.T("settings.profile.party"))
	}
	s.language = widget.NewSelect([]string{"Tiếng Việt", "English"}, nil)
	s.language.SetSelectedIndex(0)
	if u.tr.Lang == "en" {
		s.language.SetSelectedIndex(1)
	}
	s.method = widget.NewSelect([]string{"Telex", "VNI", u.T("settings.typing.off")}, nil)
	cur := typing.ParseMethod(get(store.SettingTyping))
	if get(store.SettingTyping) == "" {
		cur = typing.Telex
	}
	for i, m := range typingMethods {
		if m == cur {
			s.method.SetSelectedIndex(i)
		}
	}
	s.style = widget.NewSelect([]string{u.T("settings.style.old"), u.T("settings.style.new")}, nil)
	s.style.SetSelectedIndex(0)
	if get(store.SettingToneStyle) == "new" {
		s.style.SetSelectedIndex(1)
	}
	mark := func(string) { s.dirty = true }
	for _, e := range []*Entry{s.officeName, s.parent, s.place, s.signer, s.signerRole, s.dueSoon, s.termMonths, s.keepBackups, s.superior, s.issuer, s.symbol, s.authority, s.termStart} {
		e.OnChanged = mark
	}
	s.profile.OnChanged, s.language.OnChanged, s.method.OnChanged, s.style.OnChanged = mark, mark, mark, mark
	s.layout(office)
}

// layout lays the fields out with their labels and messages, the buttons and the About
// card.
func (s *settings) layout(office *data.Office) {
	u := s.u
	row := func(key, field string, obj fyne.CanvasObject) []fyne.CanvasObject {
		e := errorLabel()
		s.errs[field] = e
		return []fyne.CanvasObject{widget.NewLabel(u.T(key)), container.NewVBox(obj, e)}
	}
	var rows []fyne.CanvasObject
	add := func(key, field string, obj fyne.CanvasObject) { rows = append(rows, row(key, field, obj)...) }
	add("settings.office_code", "", widget.NewLabel(office.Code+" – "+u.T("level."+string(office.Level))))
	add("settings.office_name", "name", s.officeName)
	add("settings.parent", "parent", s.parent)
	add("settings.place", "place", s.place)
	add("settings.profile", "profile", s.profile)
	rows = append(rows, widget.NewLabelWithStyle(u.T("settings.heading"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), layout.NewSpacer())
	add("settings.superior", "superior", s.superior)
	add("settings.issuer", "issuer", s.issuer)
	add("settings.symbol", "symbol", s.symbol)
	add("settings.authority", "authority", s.authority)
	add("settings.signer", "signer", s.signer)
	add("settings.signer_title", "signer_title", s.signerRole)
	add("settings.party_term_start", "party_term_start", s.termStart)
	rows = append(rows, widget.NewLabelWithStyle(u.T("settings.other"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), layout.NewSpacer())
	add("settings.due_soon", "due_soon", s.dueSoon)
	add("settings.term_months", "term_months", s.termMonths)
	add("settings.keep_backups", "keep_backups", s.keepBackups)
	add("settings.language", "language", s.language)
	add("settings.typing", "typing", s.method)
	add("settings.style", "style", s.style)
	save := widget.NewButtonWithIcon(u.T("action.save"), theme.DocumentSaveIcon(), s.onSave)
	save.Importance = widget.HighImportance
	backup := widget.NewButtonWithIcon(u.T("settings.backup"), theme.DownloadIcon(), s.onBackup)
	restore := widget.NewButtonWithIcon(u.T("settings.restore"), theme.UploadIcon(), s.onRestore)
	undoSheet := u.returnsFocus(widget.NewButtonWithIcon(u.T("settings.undo_sheet"), theme.ContentUndoIcon(), func() { u.undoSheetImport(nil) }))
	body := container.NewVBox(heading(u.T("nav.settings")), formGrid(rows...), container.NewHBox(save),
		widget.NewCard(u.T("settings.data"), u.T("settings.data.hint", u.store.Path()), container.NewVBox(container.NewHBox(backup, restore), container.NewHBox(undoSheet))),
		s.signingCard(), u.aboutCard())
	s.root.Objects = []fyne.CanvasObject{container.NewVScroll(container.NewPadded(body))}
	s.root.Refresh()
	s.dirty = false
	u.onShortcut(fyne.KeyS, s.onSave)
}

func (s *settings) onSave() {
	u := s.u
	for _, e := range s.errs {
		e.Text = ""
		e.Refresh()
	}
	days, ok1 := s.alertSpan(s.dueSoon, "due_soon")
	months, ok2 := s.alertSpan(s.termMonths, "term_months")
	keep, err := store.ParseKeepBackups(s.keepBackups.Text)
	if err != nil {
		s.errs["keep_backups"].Text = u.message(err)
		s.errs["keep_backups"].Refresh()
	}
	if !ok1 || !ok2 || err != nil {
		return
	}
	doc, ok := s.documentSettings()
	if !ok || !s.saveOfficeAndHeading(&doc) {
		return
	}
	lang, ok := s.savePlainSettings(days, months, keep)
	if !ok {
		return
	}
	// The heading as saved: the code in capitals, names on one line.
	s.superior.SetText(doc.Superior)
	s.issuer.SetText(doc.Issuer)
	s.symbol.SetText(doc.Symbol)
	s.authority.SetText(doc.Authority)
	s.dirty = false
	if lang != u.tr.Lang {
		u.tr = NewTranslator(lang)
		u.showMain()
		u.show(len(u.screens) - 1)
		return
	}
	u.saved()
}

// alertSpan reads a warning span (1 to 365), saying under the field when it cannot.
func (s *settings) alertSpan(e *Entry, field string) (int, bool) {
	n, err := store.ParseAlertSpan(e.Text)
	if err != nil {
		s.errs[field].Text = s.u.message(err)
		s.errs[field].Refresh()
		return 0, false
	}
	return n, true
}

// saveOfficeAndHeading checks the office's own record and the document heading, both
// before either is saved, then saves them; a problem is said under its field.
func (s *settings) saveOfficeAndHeading(doc *store.DocumentSettings) bool {
	u := s.u
	office, err := u.store.OwnOffice(u.ctx)
	if err != nil {
		u.showError(err)
		return false
	}
	office.Name, office.Place, office.Parent = s.officeName.Text, s.place.Text, s.parent.Text
	err = doc.Check(u.store.Today())
	if err == nil {
		err = office.CheckOwn()
	}
	if err == nil {
		err = u.store.Update(u.ctx, office)
	}
	if err == nil {
		err = u.store.SetDocumentSettings(u.ctx, *doc)
	}
	if err == nil {
		return true
	}
	fields := data.FieldErrorsIn(err, u.tr.Lang)
	for f, msg := range fields {
		if e, ok := s.errs[f]; ok {
			e.Text = msg
			e.Refresh()
		}
	}
	if len(fields) == 0 {
		u.showError(err)
	}
	return false
}

// savePlainSettings saves the signer, profile, warning spans, backups kept, language and typing, and
// puts the typing in effect; it returns the language chosen.
func (s *settings) savePlainSettings(days, months, keep int) (string, bool) {
	u := s.u
	profile := "state"
	if s.profile.Selected == u.T("settings.profile.party") {
		profile = "party"
	}
	lang := Languages[max(0, s.language.SelectedIndex())]
	method := typingMethods[max(0, s.method.SelectedIndex())]
	style := "old"
	if s.style.SelectedIndex() == 1 {
		style = "new"
	}
	for k, v := range map[string]string{
		store.SettingSigner: s.signer.Text, store.SettingSignerTitle: s.signerRole.Text, store.SettingProfile: profile,
		store.SettingDueSoonDays: strconv.Itoa(days), store.SettingTermMonths: strconv.Itoa(months), store.SettingKeepBackups: strconv.Itoa(keep),
		store.SettingLanguage: lang, store.SettingTyping: method.String(), store.SettingToneStyle: style,
	} {
		if err := u.store.SetSetting(u.ctx, k, v); err != nil {
			u.showError(err)
			return "", false
		}
	}
	u.typing.Set(method, style == "new")
	return lang, true
}

// documentFields makes the fields of the document heading, filled from the settings.
func (s *settings) documentFields() error {
	u := s.u
	d, err := u.store.DocumentSettings(u.ctx)
	if err != nil {
		return err
	}
	s.superior, s.issuer, s.symbol, s.authority = u.newEntry(), u.newEntry(), u.newEntry(), u.newEntry()
	s.termStart = u.newEntryOf(KindNumber)
	for _, f := range []struct {
		e          *Entry
		text, hint string
	}{{s.superior, d.Superior, "settings.superior.hint"}, {s.issuer, d.Issuer, "settings.issuer.hint"}, {s.symbol, d.Symbol, "settings.symbol.hint"},
		{s.authority, d.Authority, "settings.authority.hint"}} {
		f.e.SetText(f.text)
		f.e.SetPlaceHolder(u.T(f.hint))
	}
	if !d.PartyTermStart.IsZero() {
		s.termStart.SetText(d.PartyTermStart.String())
	}
	s.termStart.SetPlaceHolder(u.T("settings.party_term_start.hint"))
	return nil
}

// documentSettings reads the heading fields; a day that is not one is said under its
// field.
func (s *settings) documentSettings() (store.DocumentSettings, bool) {
	start, err := data.ParseDate(s.termStart.Text)
	if err != nil {
		s.errs["party_term_start"].Text = s.u.message(err)
		s.errs["party_term_start"].Refresh()
		return store.DocumentSettings{}, false
	}
	return store.DocumentSettings{Superior: s.superior.Text, Issuer: s.issuer.Text, Symbol: s.symbol.Text, Authority: s.authority.Text, PartyTermStart: start}, true
}

// onBackup asks first whether to encrypt (a passphrase), then where: the name offered
// says which it is — an encrypted backup was offered as ".db".
func (s *settings) onBackup() { s.askBackupPassphrase() }

// backupName is the file name offered for a backup of today: .age when encrypted.
func backupName(today data.Date, encrypted bool) string {
	if encrypted {
		return "qlhoi-sao-luu-" + today.ISO() + ".age"
	}
	return "qlhoi-sao-luu-" + today.ISO() + ".db"
}

// askBackupPassphrase offers to encrypt the backup (keys included) with a passphrase;
// left empty, the backup is plain and leaves the office's private keys out.
func (s *settings) askBackupPassphrase() {
	u := s.u
	pass, again := u.newEntry(), u.newEntry()
	pass.Password, again.Password = true, true
	msg := errorLabel()
	items := []*widget.FormItem{
		widget.NewFormItem("", wrapLabel(u.T("settings.backup.encrypt.help"))),
		widget.NewFormItem(u.T("settings.backup.passphrase"), pass),
		widget.NewFormItem(u.T("settings.backup.passphrase.again"), again),
		widget.NewFormItem("", msg),
	}
	var d dialog.Dialog
	d = dialog.NewForm(u.T("settings.backup"), u.T("settings.backup"), u.T("action.cancel"), items, func(ok bool) {
		if !ok {
			return
		}
		if pass.Text != again.Text {
			msg.Text = u.T("settings.backup.passphrase.mismatch")
			msg.Refresh()
			d.Show()
			return
		}
		secret := pass.Text
		ext := ".db"
		if secret != "" {
			ext = ".age"
		}
		u.askSaveAt(u.backupFolder(), u.T("settings.backup"), backupName(u.today(), secret != ""), []string{ext}, func(path string) {
			u.backedUpIn(path)
			u.runLong(u.T("settings.backup"), func(ctx context.Context, _ func(float64)) error {
				if secret == "" {
					return u.store.Backup(ctx, path)
				}
				return u.store.BackupEncrypted(ctx, path, secret)
			}, func(err error) {
				if err != nil {
					u.showError(err)
					return
				}
				dialog.NewInformation(u.T("settings.backup"), u.T("settings.backup.done", path), u.win).Show()
			})
		})
	}, u.win)
	d.Resize(u.dialogSize(fyne.NewSize(560, 320)))
	u.pushDialog(d, map[fyne.KeyName]func(){fyne.KeyS: d.(*dialog.FormDialog).Submit}, nil)
	d.Show()
	u.focus(pass)
}

func (s *settings) onRestore() {
	u := s.u
	u.askOpen(u.T("settings.restore"), []string{".db", ".age"}, func(path string) {
		u.confirm(u.T("settings.restore"), u.T("settings.restore.confirm", path), u.T("settings.restore"), func() {
			if store.IsEncryptedBackup(path) {
				s.askRestorePassphrase(path)
				return
			}
			s.restore(func(ctx context.Context) (string, error) { return u.store.RestoreFrom(ctx, path) })
		})
	})
}

// askRestorePassphrase asks for the passphrase of an encrypted backup.
func (s *settings) askRestorePassphrase(path string) {
	u := s.u
	pass := u.newEntry()
	pass.Password = true
	items := []*widget.FormItem{widget.NewFormItem(u.T("settings.backup.passphrase"), pass)}
	d := dialog.NewForm(u.T("settings.restore"), u.T("settings.restore"), u.T("action.cancel"), items, func(ok bool) {
		if ok {
			secret := pass.Text
			u.restoreThen(func(ctx context.Context) (string, error) { return u.store.RestoreEncrypted(ctx, path, secret) }, func(err error) {
				// A wrong passphrase asks it again for the same file, not the file again.
				if data.HasCode(err, "ErrBackupPassphrase") {
					s.askRestorePassphrase(path)
				}
			})
		}
	}, u.win)
	pass.OnSubmitted = func(string) { d.Submit() } // Enter restores, as the button does
	u.pushDialog(d, map[fyne.KeyName]func(){fyne.KeyS: d.Submit}, nil)
	d.Show()
	u.focus(pass)
}

func (s *settings) restore(do func(ctx context.Context) (string, error)) { s.u.restoreWith(do) }

// restoreWith runs a restore as long work, then opens the main screens on the restored
// data and asks to confirm the offices it trusted (confirmRestoredTrust).
func (u *UI) restoreWith(do func(ctx context.Context) (string, error)) { u.restoreThen(do, nil) }

// restoreThen restores, then on a failure shows why and calls failed (if not nil).
func (u *UI) restoreThen(do func(ctx context.Context) (string, error), failed func(error)) {
	var safety string
	u.runLong(u.T("settings.restore"), func(ctx context.Context, _ func(float64)) error {
		var err error
		safety, err = do(ctx)
		return err
	}, func(err error) {
		if err != nil {
			if failed != nil {
				failed(err)
			}
			u.showError(err)
			return
		}
		u.showMain()
		info := dialog.NewInformation(u.T("settings.restore"), u.T("settings.restore.done", safety), u.win)
		info.SetOnClosed(u.confirmRestoredTrust)
		info.Show()
	})
}

// confirmRestoredTrust lists the offices a restored backup trusted and this database
// did not: each is trusted again only when the clerk, having compared its fingerprint
// by phone, presses "Tin cậy"; "Bỏ" drops it.
func (u *UI) confirmRestoredTrust() {
	pending, err := u.store.PendingTrust(u.ctx)
	if err != nil {
		u.showError(err)
		return
	}
	if len(pending) == 0 {
		return
	}
	box := container.NewVBox(wrapLabel(u.T("restore.trust.intro")))
	var d dialog.Dialog
	for _, p := range pending {
		p := p
		var row *fyne.Container
		act := func(f func(context.Context, string) error, msg string) func() {
			return func() {
				if err := f(u.ctx, p.Code); err != nil {
					u.showError(err)
					return
				}
				box.Remove(row)
				u.notify(u.T(msg, p.Code))
				if left, _ := u.store.PendingTrust(u.ctx); len(left) == 0 {
					d.Hide()
				}
			}
		}
		buttons := container.NewHBox(widget.NewButton(u.T("restore.trust.no"), act(u.store.DismissTrust, "restore.trust.dropped")))
		text := u.T("restore.trust.office", p.Code, p.Name, p.Fingerprint)
		if p.Problem != "" { // keys and fingerprint disagree: nothing to confirm
			text = p.Code + " – " + p.Name + "\n" + p.Problem
		} else {
			buttons.Objects = append([]fyne.CanvasObject{widget.NewButton(u.T("restore.trust.yes"), act(u.store.ConfirmTrust, "restore.trust.done"))}, buttons.Objects...)
		}
		row = border(nil, nil, nil, buttons, wrapLabel(text))
		box.Add(row)
	}
	d = dialog.NewCustom(u.T("restore.trust.title"), u.T("action.close"), container.NewVScroll(box), u.win)
	d.Resize(u.dialogSize(fyne.NewSize(720, 420)))
	d.Show()
}
