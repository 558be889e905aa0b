package store_test

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// openOffice opens a new database, set up for an office when code is not empty.
func openOffice(t *testing.T, code string) *store.Store {
	t.Helper()
	s, err := store.Open(t.Context(), filepath.Join(t.TempDir(), "qlhoi.db"))
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	if code != "" {
		require.NoError(t, s.SetUp(t.Context(), &data.Office{Code: code, Name: "Đơn vị " + code, Level: data.LevelProvince}))
	}
	return s
}

// Refusals a user can cause, each provoked and named after its code; the message is a
// sentence in both languages, never the database message.
func TestRefusals(t *testing.T) {
	ctx := t.Context()
	refused := func(t *testing.T, err error, code string) {
		t.Helper()
		require.True(t, data.HasCode(err, code), "want %s, got %v", code, err)
		for _, lang := range []string{"vi", "en"} {
			msg := data.MessageIn(err, lang)
			assert.NotEmpty(t, msg)
			assert.NotEqual(t, data.MessageIn(nil, lang), msg)
			assert.NotContains(t, msg, "cơ sở dữ liệu. Hãy thử lại")
		}
	}
	t.Run("ErrAssociationRequired", func(t *testing.T) {
		refused(t, data.Check(&data.Leader{Name: "Nguyễn Văn An", Position: "Chủ tịch"}), "ErrAssociationRequired")
	})
	t.Run("ErrContentRequired", func(t *testing.T) {
		refused(t, data.Check(&data.Inspection{Association: "a", Date: data.MustDate("01/02/2026"), Body: "Sở Nội vụ"}), "ErrContentRequired")
	})
	t.Run("ErrIssuerRequired", func(t *testing.T) {
		refused(t, data.Check(&data.Directive{Number: "12-CV/TU", Date: data.MustDate("01/02/2026"), Summary: "Về công tác hội"}), "ErrIssuerRequired")
	})
	t.Run("ErrSeriesRequired", func(t *testing.T) {
		refused(t, data.Check(&data.IssuedDocument{Number: 1, Date: data.MustDate("01/02/2026"), Subject: "Báo cáo"}), "ErrSeriesRequired")
	})
	t.Run("ErrNothingToUndo", func(t *testing.T) {
		_, err := openOffice(t, "QT").UndoLastImport(ctx)
		refused(t, err, "ErrNothingToUndo")
	})
	t.Run("ErrNoOffice", func(t *testing.T) {
		_, err := openOffice(t, "").OwnCard(ctx)
		refused(t, err, "ErrNoOffice")
	})
	s := openOffice(t, "QT")
	card, err := s.OwnCard(ctx)
	require.NoError(t, err)
	cardJSON := func(change func(c *store.Card)) []byte {
		c := *card
		change(&c)
		b, err := json.Marshal(c)
		require.NoError(t, err)
		return b
	}
	t.Run("ErrBadCard", func(t *testing.T) {
		_, err := store.ReadCard([]byte("not a card"))
		refused(t, err, "ErrBadCard")
	})
	t.Run("ErrCardNewer", func(t *testing.T) {
		_, err := store.ReadCard(cardJSON(func(c *store.Card) { c.Format = store.CardFormat + 1 }))
		refused(t, err, "ErrCardNewer")
	})
	t.Run("ErrCardFingerprint", func(t *testing.T) {
		_, err := store.ReadCard(cardJSON(func(c *store.Card) { c.Code = "QB" }))
		refused(t, err, "ErrCardFingerprint")
	})
	t.Run("ErrOwnCard", func(t *testing.T) {
		c, err := store.ReadCard(cardJSON(func(*store.Card) {}))
		require.NoError(t, err)
		refused(t, s.Trust(ctx, c), "ErrOwnCard")
	})
}
