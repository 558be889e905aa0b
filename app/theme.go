package app

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// officeTheme is Fyne's default light theme made easier to read on an old, dim office
// monitor: larger text, darker text and borders, a deep red primary colour.
type officeTheme struct{ fyne.Theme }

// NewTheme returns qlhoi's theme.
func NewTheme() fyne.Theme { return officeTheme{theme.DefaultTheme()} }

var (
	colorPrimary   = color.NRGBA{0xA3, 0x12, 0x1F, 0xFF}
	colorFocus     = color.NRGBA{0x1E, 0x5A, 0xC8, 0x70}
	colorHover     = color.NRGBA{0x1E, 0x5A, 0xC8, 0x40}
	colorText      = color.NRGBA{0x10, 0x10, 0x10, 0xFF}
	colorOverdue   = color.NRGBA{0xC6, 0x28, 0x28, 0xFF}
	colorDueSoon   = color.NRGBA{0xE0, 0x8A, 0x00, 0xFF}
	colorDone      = color.NRGBA{0x2E, 0x7D, 0x32, 0xFF}
	colorDoneLate  = color.NRGBA{0x6D, 0x8B, 0x2F, 0xFF}
	colorInTime    = color.NRGBA{0x15, 0x65, 0xC0, 0xFF}
	colorNotDue    = color.NRGBA{0x75, 0x75, 0x75, 0xFF}
	colorErrorText = color.NRGBA{0xB7, 0x1C, 0x1C, 0xFF}
)

func (t officeTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		return colorPrimary
	case theme.ColorNameFocus:
		// A translucent blue over the focused button or drop-down: visibly distinct
		// on the red buttons as on the plain ones.
		return colorFocus
	case theme.ColorNameHover:
		// Fyne marks the focused row of a list (the navigation, every record list) with
		// the hover colour: the default grey was too faint to follow on a dim monitor.
		// The same blue as focus, lighter.
		return colorHover
	case theme.ColorNameForeground:
		return colorText
	case theme.ColorNameBackground:
		return color.NRGBA{0xFA, 0xFA, 0xF7, 0xFF}
	case theme.ColorNameInputBackground:
		return color.White
	case theme.ColorNameInputBorder, theme.ColorNameSeparator:
		return color.NRGBA{0x9E, 0x9E, 0x9E, 0xFF}
	case theme.ColorNameError:
		return colorErrorText
	case theme.ColorNameSuccess:
		return colorDone
	case theme.ColorNameSelection:
		return color.NRGBA{0xF3, 0xC6, 0xCB, 0xFF}
	case theme.ColorNamePlaceHolder:
		return color.NRGBA{0x61, 0x61, 0x61, 0xFF}
	}
	// Always the light variant: it reads better on dim monitors than a dark one.
	return t.Theme.Color(n, theme.VariantLight)
}

func (t officeTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 15
	case theme.SizeNameSubHeadingText:
		return 18
	case theme.SizeNameHeadingText:
		return 22
	case theme.SizeNameInputBorder:
		return 1.5
	}
	return t.Theme.Size(n)
}

// statusColor is the colour of a computed task status.
func statusColor(s string) color.Color {
	switch s {
	case "qua_han_chua_hoan_thanh":
		return colorOverdue
	case "hoan_thanh_dung_han":
		return colorDone
	case "hoan_thanh_qua_han":
		return colorDoneLate
	case "dang_thuc_hien_trong_han":
		return colorInTime
	}
	return colorNotDue
}
