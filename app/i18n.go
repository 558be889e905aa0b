package app

import (
	"encoding/json"
	"fmt"

	"qlhoi/assets"
)

// Languages the interface speaks; Vietnamese is the default.
var Languages = []string{"vi", "en"}

// Translator looks up interface texts in the language chosen in qlhoi's own settings
// (not the OS locale: offices often run English Windows).
type Translator struct {
	Lang  string
	texts map[string]string
	vi    map[string]string
}

// LoadTranslations reads the embedded translation file of a language.
func LoadTranslations(lang string) (map[string]string, error) {
	b, err := assets.Translations.ReadFile("i18n/" + lang + ".json")
	if err != nil {
		return nil, fmt.Errorf("app: no translation %q: %w", lang, err)
	}
	m := map[string]string{}
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("app: translation %q: %w", lang, err)
	}
	return m, nil
}

// NewTranslator returns a translator for lang, falling back to Vietnamese.
func NewTranslator(lang string) *Translator {
	vi, _ := LoadTranslations("vi")
	t := &Translator{Lang: "vi", texts: vi, vi: vi}
	if lang != "vi" {
		if m, err := LoadTranslations(lang); err == nil {
			t.Lang, t.texts = lang, m
		}
	}
	return t
}

// T returns the text of key; with args, the text is a fmt format.
func (t *Translator) T(key string, args ...any) string {
	s, ok := t.texts[key]
	if !ok {
		if s, ok = t.vi[key]; !ok {
			s = key
		}
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}
