// Package assets holds what qlhoi embeds: the icon and the translations.
package assets

import "embed"

// Icon is the application icon (PNG, 256×256).
//
//go:embed icon.png
var Icon []byte

// Translations holds i18n/vi.json and i18n/en.json: one flat key → text map per language.
//
//go:embed i18n/*.json
var Translations embed.FS

// FyneVietnamese translates Fyne's own dialogs (Open, Save, Cancel, weekdays), which
// Fyne ships without Vietnamese.
//
//go:embed fyne-vi.json
var FyneVietnamese []byte
