package app

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// reports (Báo cáo) is where official documents are made; the reports package fills it.
type reports struct {
	u    *UI
	root fyne.CanvasObject
}

func newReports(u *UI) *reports {
	msg := widget.NewLabel(u.T("reports.soon"))
	msg.Wrapping = fyne.TextWrapWord
	return &reports{u: u, root: container.NewVBox(heading(u.T("nav.reports")), msg)}
}

func (r *reports) title() string           { return r.u.T("nav.reports") }
func (r *reports) icon() fyne.Resource     { return theme.DocumentPrintIcon() }
func (r *reports) view() fyne.CanvasObject { return r.root }
func (r *reports) refresh()                {}
func (r *reports) leave(func()) bool       { return true }

// exchange (Trao đổi dữ liệu) is where bundles are exported and imported.
type exchange struct {
	u    *UI
	root fyne.CanvasObject
}

func newExchange(u *UI) *exchange {
	msg := widget.NewLabel(u.T("exchange.soon"))
	msg.Wrapping = fyne.TextWrapWord
	return &exchange{u: u, root: container.NewVBox(heading(u.T("nav.exchange")), msg)}
}

func (e *exchange) title() string           { return e.u.T("nav.exchange") }
func (e *exchange) icon() fyne.Resource     { return theme.MailSendIcon() }
func (e *exchange) view() fyne.CanvasObject { return e.root }
func (e *exchange) refresh()                {}
func (e *exchange) leave(func()) bool       { return true }
