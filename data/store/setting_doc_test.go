package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// The document settings a fresh office sets in Cài đặt (or `qlhoictl settings set`):
// cleaned, checked field by field, stored together, read back.
func TestDocumentSettings(t *testing.T) {
	ctx := context.Background()
	s := MustOpen(t)
	d, err := s.DocumentSettings(ctx)
	require.NoError(t, err)
	assert.Equal(t, store.DocumentSettings{}, d, "a fresh office has none")

	require.NoError(t, s.SetDocumentSettings(ctx, store.DocumentSettings{Superior: "  Tỉnh ủy  Quảng Trị ", Issuer: "Ban Dân vận", Symbol: " bdv tu ",
		Authority: "KT. TRƯỞNG BAN", PartyTermStart: data.MustDate("15/10/2025")}))
	d, err = s.DocumentSettings(ctx)
	require.NoError(t, err)
	assert.Equal(t, store.DocumentSettings{Superior: "Tỉnh ủy Quảng Trị", Issuer: "Ban Dân vận", Symbol: "BDVTU", Authority: "KT. TRƯỞNG BAN",
		PartyTermStart: data.MustDate("15/10/2025")}, d)
	v, err := s.Setting(ctx, store.SettingPartyTermStart)
	require.NoError(t, err)
	assert.Equal(t, "2025-10-15", v, "stored as the reports read it")

	for code, bad := range map[string]store.DocumentSettings{
		"ErrSymbolInvalid":    {Symbol: "BC/BDVTU"},
		"ErrTermStartInvalid": {PartyTermStart: data.MustDate("01/01/2099")},
		"ErrHeadingTooLong":   {Superior: strings.Repeat("Ả", 151)},
	} {
		t.Run(code, func(t *testing.T) {
			err := s.SetDocumentSettings(ctx, bad)
			require.Error(t, err)
			assert.True(t, data.HasCode(err, code), "%v", err)
			got, _ := s.DocumentSettings(ctx)
			assert.Equal(t, "BDVTU", got.Symbol, "nothing stored")
		})
	}
	for _, ok := range []string{"UBND-VX", "ĐU", "đu", "SNV-TCBM", ""} {
		d := store.DocumentSettings{Symbol: ok}
		assert.NoError(t, d.Check(s.Today()), ok)
	}
}

// How far ahead warnings come is a number from 1 to 365, for the window and qlhoictl
// alike (ErrAlertSpanInvalid).
func TestParseAlertSpan(t *testing.T) {
	n, err := store.ParseAlertSpan(" 30 ")
	require.NoError(t, err)
	assert.Equal(t, 30, n)
	for _, bad := range []string{"0", "366", "-5", "ba mươi", ""} {
		_, err := store.ParseAlertSpan(bad)
		assert.True(t, data.HasCode(err, "ErrAlertSpanInvalid"), bad)
	}
	assert.Equal(t, "QTXGL", store.DefaultSymbol("QT-XGL"))
}
