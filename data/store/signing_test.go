package store_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// A received PDF is kept with its directive by its hash, once however often it is
// attached; anything but a PDF within bounds is refused (ErrAttachment); it is kept
// by a backup and its restore.
func TestAttachments(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	pdf := []byte("%PDF-1.7\nCông văn 1234-CV/TU\n%%EOF\n")
	a, err := s.Attach(ctx, "dir-1", `C:\USB\1234-CV-TU.pdf`, pdf)
	require.NoError(t, err)
	assert.Equal(t, "1234-CV-TU.pdf", a.Name, "the name without the folder it came from")
	_, err = s.Attach(ctx, "dir-1", "lai.pdf", pdf)
	require.NoError(t, err)
	list, err := s.Attachments(ctx, "dir-1")
	require.NoError(t, err)
	require.Len(t, list, 1, "the same file is kept once")
	got, err := s.AttachmentContent(ctx, "dir-1", a.SHA256)
	require.NoError(t, err)
	assert.Equal(t, pdf, got)

	for name, b := range map[string][]byte{"word": []byte("PK\x03\x04 docx"), "empty": nil, "huge": append([]byte("%PDF-"), make([]byte, store.MaxAttachment)...)} {
		_, err := s.Attach(ctx, "dir-1", name, b)
		assert.Equal(t, []string{"ErrAttachment"}, data.Codes(err), name)
	}

	backup := filepath.Join(t.TempDir(), "sao-luu.db")
	require.NoError(t, s.Backup(ctx, backup))
	require.NoError(t, s.Detach(ctx, "dir-1", a.SHA256))
	list, err = s.Attachments(ctx, "dir-1")
	require.NoError(t, err)
	assert.Empty(t, list)
	_, err = s.RestoreFrom(ctx, backup)
	require.NoError(t, err)
	list, err = s.Attachments(ctx, "dir-1")
	require.NoError(t, err)
	assert.Len(t, list, 1, "restored with the backup")
}

// Images and roots are kept as bytes; a restore never changes the roots this office
// trusts: a backup that carries other roots cannot make a forged signature trusted.
func TestSigningSettingsAndRestore(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	require.NoError(t, s.SetSigningBytes(ctx, store.SignatureImageKey("Nguyễn Văn  Hùng"), []byte{0x89, 'P', 'N', 'G'}))
	got, err := s.SigningBytes(ctx, store.SignatureImageKey("nguyễn văn hùng"))
	require.NoError(t, err)
	assert.Equal(t, [][]byte{{0x89, 'P', 'N', 'G'}}, got, "one image per signer, whatever the case and spaces")

	require.NoError(t, s.SetSigningBytes(ctx, store.SettingTrustedRoots, []byte("root A"), []byte("root B")))
	// A crafted backup also names a library of its own and a file of its own.
	require.NoError(t, s.SetSetting(ctx, store.SettingSignModule, "/tmp/ke-gian/libgia.so"))
	require.NoError(t, s.SetSignFile(ctx, "doc-1", "/tmp/ke-gian/x.pdf"))
	backup := filepath.Join(t.TempDir(), "sao-luu.db")
	require.NoError(t, s.Backup(ctx, backup))
	require.NoError(t, s.SetSigningBytes(ctx, store.SettingTrustedRoots, []byte("root C")))
	require.NoError(t, s.SetSetting(ctx, store.SettingSignModule, "/usr/lib/that-thu-vien.so"))
	require.NoError(t, s.SetSetting(ctx, "sign.file:doc-1", ""))
	_, err = s.RestoreFrom(ctx, backup)
	require.NoError(t, err)
	roots, err := s.SigningBytes(ctx, store.SettingTrustedRoots)
	require.NoError(t, err)
	assert.Equal(t, [][]byte{[]byte("root C")}, roots, "the roots trusted before the restore stay")
	module, err := s.Setting(ctx, store.SettingSignModule)
	require.NoError(t, err)
	assert.Equal(t, "/usr/lib/that-thu-vien.so", module, "the token's library is this machine's, never the backup's")
	file, err := s.SignFile(ctx, "doc-1")
	require.NoError(t, err)
	assert.Empty(t, file, "nor a document's file path")

	require.NoError(t, s.SetSetting(ctx, store.SettingSealImage, "không phải base64!"))
	_, err = s.SigningBytes(ctx, store.SettingSealImage)
	assert.Equal(t, []string{"ErrSettingDamaged"}, data.Codes(err))
}
