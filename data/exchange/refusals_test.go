package exchange

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
)

// A bundle that cannot be read, or a folder that cannot be written, is a coded refusal
// with a sentence in both languages, not the database message.
func TestFileRefusals(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	x := office(t, "HL", "QT", data.LevelDistrict)
	link(t, p, x)
	t.Run("ErrCannotRead", func(t *testing.T) {
		_, err := Open(ctx, p, filepath.Join(t.TempDir(), "khong-co.qlb"), DefaultLimits)
		require.True(t, data.HasCode(err, "ErrCannotRead"), "got %v", err)
		assert.Contains(t, data.MessageIn(err, "en"), "cannot be read")
	})
	t.Run("ErrCannotWrite", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "usb")
		require.NoError(t, os.WriteFile(file, []byte("not a folder"), 0o644))
		_, err := Export(ctx, x, "QT", filepath.Join(file, "goi"), false)
		require.True(t, data.HasCode(err, "ErrCannotWrite"), "got %v", err)
		assert.Contains(t, data.MessageIn(err, "en"), "cannot be written")
	})
}
