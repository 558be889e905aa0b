package sheet

import (
	"qlhoi/data/sheet/book"

	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// A real .xls from Excel 97–2003 (testdata/ds-hoi-2003.xls: title, merged two-row
// header, TCVN3 bytes, a date) imports like the same xlsx, also when renamed .xlsx.
func TestImportXLS(t *testing.T) {
	ctx := context.Background()
	b, err := os.ReadFile(filepath.Join("testdata", "ds-hoi-2003.xls"))
	require.NoError(t, err)
	for _, name := range []string{"ds-hoi-2003.xls", "ds-hoi-2003.xlsx"} {
		s := openStore(t)
		p, err := PreviewFile(ctx, s, writeFile(t, name, b), Options{Kind: KindHoi})
		require.NoError(t, err, name)
		assert.Equal(t, "xls", p.Format)
		assert.Equal(t, 3, p.HeaderRow)
		assert.Equal(t, 2, p.HeaderRows)
		require.Len(t, p.Rows, 2)
		assert.Equal(t, "Hội Người cao tuổi", p.Rows[0].Name)
		assert.Equal(t, "đã chuyển mã TCVN3 → Unicode", p.Rows[0].Note())
		assert.Equal(t, "Hội Đông y", p.Rows[1].Name)
		assert.Equal(t, 2, p.Counts[Create])
		_, err = p.Apply(ctx, s)
		require.NoError(t, err)
		list, _, err := s.FindAssociations(ctx, store.AssociationFilter{})
		require.NoError(t, err)
		require.Len(t, list, 2)
		var a *data.Association
		for _, x := range list {
			if x.Name == "Hội Người cao tuổi" {
				a = x
			}
		}
		require.NotNil(t, a)
		assert.Equal(t, "123/QĐ-UBND", a.Founding.Number)
		assert.Equal(t, "15/06/2021", a.Founding.Date.String())
	}
}

// An Excel 5.0/95 workbook (BIFF5: the BOF record's version 0x0500) and a workbook
// whose FILEPASS record says it is encrypted are refused with their own messages.
func TestXLSRefusedVersions(t *testing.T) {
	ctx := context.Background()
	b, err := os.ReadFile(filepath.Join("testdata", "ds-hoi-2003.xls"))
	require.NoError(t, err)
	bof := []byte{0x09, 0x08, 0x10, 0x00, 0x00, 0x06}
	i := bytes.Index(b, bof)
	require.Positive(t, i)

	old := append([]byte(nil), b...)
	old[i+5] = 0x05
	s := openStore(t)
	before := digest(t, s)
	_, err = PreviewFile(ctx, s, writeFile(t, "excel95.xls", old), Options{Kind: KindHoi})
	assert.Equal(t, []string{book.ErrSheetLegacyXLS}, data.Codes(err))
	assert.Contains(t, data.Message(err), "Excel 5.0/95")
	assert.Contains(t, data.Message(err), "Lưu thành → Sổ làm việc Excel (.xlsx)")
	assert.Equal(t, before, digest(t, s))

	// FILEPASS (0x2F) in place of the first record after BOF, same length.
	enc := append([]byte(nil), b...)
	next := i + 4 + 16
	enc[next], enc[next+1] = 0x2F, 0x00
	_, err = PreviewFile(ctx, s, writeFile(t, "mat-khau.xls", enc), Options{Kind: KindHoi})
	assert.Equal(t, []string{book.ErrSheetEncrypted}, data.Codes(err))
	assert.Contains(t, data.Message(err), "có đặt mật khẩu")
	assert.Equal(t, before, digest(t, s))
}
