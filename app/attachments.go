package app

import (
	"bytes"
	"crypto/x509"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"qlhoi/data"
	"qlhoi/data/store"
	"qlhoi/reports"
	"qlhoi/reports/sign"
)

// trustedRoots are the root certificates the office trusts (nil: none declared yet).
func (u *UI) trustedRoots() ([]*x509.Certificate, error) { return reports.TrustedRoots(u.ctx, u.store) }

// verifyWords is what checking a received PDF's signatures found, in a clerk's words,
// and the worst verdict of its signatures.
func (u *UI) verifyWords(pdf []byte) (string, sign.Verdict) {
	roots, err := u.trustedRoots()
	if err != nil {
		return u.message(err), sign.Broken
	}
	var pool *x509.CertPool
	if len(roots) > 0 {
		pool = sign.Pool(roots)
	}
	sigs, err := sign.Verify(pdf, pool)
	if err != nil {
		return u.T("verify.failed", err.Error()), sign.Broken
	}
	if len(sigs) == 0 {
		return u.T("verify.unsigned"), sign.Unchecked
	}
	var lines []string
	worst := sign.Good
	for i, s := range sigs {
		text, v := s.Describe(pool != nil)
		worst = min(worst, v)
		lines = append(lines, fmt.Sprintf("%d. %s", i+1, text))
	}
	return strings.Join(lines, "\n"), worst
}

// onAttachments shows the directive's received PDFs with what their signatures say.
func (t *tasks) onAttachments() {
	if d := t.selectedDirective(); d != nil {
		t.u.showAttachments(d.ID, d.Number+" · "+d.Date.String())
	}
}

// showAttachments lists the files kept with a record, each with its signatures
// checked, and lets the clerk attach, open and remove them.
func (u *UI) showAttachments(recordID, title string) {
	list := container.NewVBox()
	var refresh func()
	refresh = func() {
		atts, err := u.store.Attachments(u.ctx, recordID)
		if err != nil {
			u.showError(err)
			return
		}
		list.Objects = nil
		if len(atts) == 0 {
			list.Add(wrapped(u.T("attach.none")))
		}
		for _, a := range atts {
			list.Add(u.attachmentRow(a, refresh))
		}
		list.Refresh()
	}
	refresh()
	add := u.returnsFocus(widget.NewButtonWithIcon(u.T("attach.add"), theme.ContentAddIcon(), func() {
		u.askOpen(u.T("attach.add"), []string{".pdf"}, func(path string) {
			b, err := readUpTo(path, store.MaxAttachment)
			if err == nil {
				_, err = u.store.Attach(u.ctx, recordID, path, b)
			}
			if err != nil {
				u.showError(err)
				return
			}
			refresh()
			u.notify(u.T("attach.added", filepath.Base(path)))
		})
	}))
	add.Importance = widget.HighImportance
	body := border(container.NewVBox(wrapped(u.T("attach.hint")), container.NewHBox(add)), nil, nil, nil, container.NewVScroll(list))
	d := dialog.NewCustom(u.T("attach.title", title), u.T("action.close"), body, u.win)
	d.Resize(u.dialogSize(fyne.NewSize(820, 600)))
	u.pushDialog(d, nil, nil)
	d.Show()
}

// verdictImportance colours a verdict: broken red, valid but not traced to a trusted
// root orange, good dark green (the theme's success colour, readable on white; it was
// the primary red, like a broken one).
func verdictImportance(v sign.Verdict) widget.Importance {
	switch v {
	case sign.Broken:
		return widget.DangerImportance
	case sign.Unchecked:
		return widget.WarningImportance
	}
	return widget.SuccessImportance
}

// attachmentRow is one attached file: its name, size and date, what its signatures
// say, and its buttons.
func (u *UI) attachmentRow(a store.Attachment, refresh func()) fyne.CanvasObject {
	content, err := u.store.AttachmentContent(u.ctx, a.RecordID, a.SHA256)
	words, verdict := u.message(err), sign.Broken
	if err == nil {
		words, verdict = u.verifyWords(content)
	}
	result := wrapped(words)
	result.Importance = verdictImportance(verdict)
	head := fmt.Sprintf("%s · %d KB · %s · SHA-256 %s…", a.Name, (a.Size+1023)/1024, data.DateOf(a.Added), a.SHA256[:16])
	open := widget.NewButtonWithIcon(u.T("attach.open"), theme.FileIcon(), func() {
		dir := filepath.Join(os.TempDir(), "qlhoi-dinh-kem")
		path := filepath.Join(dir, a.SHA256[:12]+"-"+safeFileName(a.Name))
		if err := os.MkdirAll(dir, 0o755); err == nil {
			err = data.WriteFileAtomic(path, content)
		}
		if err != nil {
			u.showError(&data.Error{Message: u.T("report.write_failed", dir), Err: err})
			return
		}
		u.openFile(path)
	})
	remove := widget.NewButtonWithIcon(u.T("attach.remove"), theme.DeleteIcon(), func() {
		u.confirm(u.T("attach.remove"), u.T("attach.remove.confirm", a.Name), u.T("attach.remove"), func() {
			if err := u.store.Detach(u.ctx, a.RecordID, a.SHA256); err != nil {
				u.showError(err)
				return
			}
			refresh()
		})
	})
	return widget.NewCard("", "", container.NewVBox(bold(head), result, container.NewHBox(open, remove)))
}

// safeFileName keeps a received file's name from leaving the folder it is put in.
func safeFileName(name string) string {
	name = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`/\:*?"<>|`, r) || r < ' ' {
			return '_'
		}
		return r
	}, name)
	if !strings.HasSuffix(strings.ToLower(name), ".pdf") {
		name += ".pdf"
	}
	return name
}

// signingCard keeps what signing uses: the seal's image, each signer's signature image
// and the root certificates the office trusts. Each change is saved at once.
func (s *settings) signingCard() fyne.CanvasObject {
	u := s.u
	var rows []fyne.CanvasObject
	rows = append(rows, u.signingImageRow(u.T("sign.seal_image"), store.SettingSealImage)...)
	for _, name := range u.signers() {
		rows = append(rows, u.signingImageRow(u.T("sign.signature_image", name), store.SignatureImageKey(name))...)
	}
	rows = append(rows, u.rootsRow()...)
	return widget.NewCard(u.T("sign.settings"), u.T("sign.settings.hint"), formGrid(rows...))
}

// signers are the names that sign this office's documents: the one in Settings and
// those of the register, each once.
func (u *UI) signers() []string {
	signer, _ := u.store.Setting(u.ctx, store.SettingSigner)
	names := []string{signer}
	if docs, err := u.store.IssuedDocuments(u.ctx); err == nil {
		for _, d := range docs {
			names = append(names, d.Signer)
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, n := range uniqueNonEmpty(names) {
		if k := store.SignatureImageKey(n); !seen[k] {
			seen[k] = true
			out = append(out, n)
		}
	}
	return out
}

// signingImageRow is a label and the image kept under key, with its buttons.
func (u *UI) signingImageRow(label, key string) []fyne.CanvasObject {
	preview := container.NewGridWrap(fyne.NewSize(120, 60))
	state := widget.NewLabel("")
	show := func() {
		b, err := u.store.SigningBytes(u.ctx, key)
		preview.Objects = nil
		switch {
		case err != nil:
			state.SetText(u.message(err))
		case len(b) == 0:
			state.SetText(u.T("sign.image.none"))
		default:
			// The one check of an image (its size before it is decoded): one that came
			// with a backup is held to the rules of one chosen here.
			img, err := sign.CheckImage(b[0])
			if err != nil {
				state.SetText(u.T("sign.image.unusable", u.message(err)))
				break
			}
			ci := canvas.NewImageFromImage(img)
			ci.FillMode = canvas.ImageFillContain
			preview.Objects = []fyne.CanvasObject{ci}
			state.SetText(u.T("sign.image.has", img.Bounds().Dx(), img.Bounds().Dy()))
		}
		preview.Refresh()
	}
	show()
	choose := u.returnsFocus(widget.NewButtonWithIcon(u.T("sign.image.choose"), theme.FolderOpenIcon(), func() {
		u.askOpen(label, []string{".png"}, func(path string) {
			b, err := readUpTo(path, sign.MaxImage)
			if err == nil {
				_, err = sign.CheckImage(b)
			}
			if err == nil {
				err = u.store.SetSigningBytes(u.ctx, key, b)
			}
			if err != nil {
				u.showError(err)
				return
			}
			show()
			u.notify(u.T("sign.image.saved", label))
		})
	}))
	remove := widget.NewButtonWithIcon(u.T("sign.image.remove"), theme.DeleteIcon(), func() {
		if err := u.store.SetSigningBytes(u.ctx, key); err != nil {
			u.showError(err)
			return
		}
		show()
	})
	return []fyne.CanvasObject{widget.NewLabel(label), container.NewHBox(preview, container.NewVBox(state, container.NewHBox(choose, remove)))}
}

// rootsRow lists the roots the office trusts, with a button to import more from a
// file and one to forget them.
func (u *UI) rootsRow() []fyne.CanvasObject {
	state := container.NewVBox()
	var show func()
	show = func() {
		state.RemoveAll()
		roots, err := u.trustedRoots()
		if err != nil {
			state.Add(wrapped(u.message(err)))
			return
		}
		if len(roots) == 0 {
			state.Add(wrapped(u.T("sign.roots.none")))
			return
		}
		// Each root by its name, validity and fingerprint (two roots of one name
		// looked the same), with its own button to remove it.
		for _, c := range roots {
			c := c
			remove := widget.NewButtonWithIcon(u.T("sign.roots.remove"), theme.DeleteIcon(), func() {
				var keep [][]byte
				for _, r := range roots {
					if !bytes.Equal(r.Raw, c.Raw) {
						keep = append(keep, r.Raw)
					}
				}
				if err := u.store.SetSigningBytes(u.ctx, store.SettingTrustedRoots, keep...); err != nil {
					u.showError(err)
					return
				}
				show()
				u.notify(u.T("sign.roots.removed", c.Subject.CommonName))
			})
			state.Add(border(nil, nil, nil, remove, wrapped(u.T("sign.roots.one", c.Subject.CommonName, data.DateOf(c.NotAfter), sign.Fingerprint(c)))))
		}
	}
	show()
	add := u.returnsFocus(widget.NewButtonWithIcon(u.T("sign.roots.add"), theme.ContentAddIcon(), func() {
		u.askOpen(u.T("sign.roots.add"), []string{".cer", ".crt", ".pem", ".der"}, func(path string) {
			b, err := readUpTo(path, sign.MaxRoots)
			var certs []*x509.Certificate
			if err == nil {
				certs, err = sign.ParseRoots(b)
			}
			if err != nil {
				u.showError(err)
				return
			}
			have, _ := u.trustedRoots()
			var ders [][]byte
			for _, c := range append(have, certs...) {
				if !slices.ContainsFunc(ders, func(d []byte) bool { return bytes.Equal(d, c.Raw) }) {
					ders = append(ders, c.Raw)
				}
			}
			if len(ders) > sign.MaxTrustedRoots {
				u.showError(&data.Error{Code: "ErrSignRoots", Message: u.T("sign.roots.too_many", sign.MaxTrustedRoots)})
				return
			}
			if err := u.store.SetSigningBytes(u.ctx, store.SettingTrustedRoots, ders...); err != nil {
				u.showError(err)
				return
			}
			show()
			u.notify(u.T("sign.roots.added", len(certs)))
		})
	}))
	clear := widget.NewButtonWithIcon(u.T("sign.roots.clear"), theme.DeleteIcon(), func() {
		u.confirm(u.T("sign.roots.clear"), u.T("sign.roots.clear.confirm"), u.T("sign.roots.clear"), func() {
			if err := u.store.SetSigningBytes(u.ctx, store.SettingTrustedRoots); err != nil {
				u.showError(err)
				return
			}
			show()
			u.notify(u.T("sign.roots.cleared"))
		})
	})
	return []fyne.CanvasObject{widget.NewLabel(u.T("sign.roots")), container.NewVBox(state, container.NewHBox(add, clear))}
}
