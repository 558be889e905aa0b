package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A fresh office sets how its documents are headed and signed from the command line,
// and the next issued report carries its code.
func TestSettingsCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "qlhoi.db")
	MustRun(t, db, "init", "--code", "QT-XGL", "--name", "Ban Xây dựng Đảng xã Gio Linh", "--level", "xa", "--parent", "QT")
	assert.Contains(t, MustRun(t, db, "settings"), "Ký hiệu cơ quan (symbol): (chưa đặt)")

	out := MustRun(t, db, "settings", "set", "superior=Đảng ủy xã Gio Linh", "issuer=Ban Xây dựng Đảng", "symbol=bxdđu",
		"authority=KT. TRƯỞNG BAN", "party_term_start=15/10/2025", "signer=Nguyễn Văn An", "signer_title=PHÓ TRƯỞNG BAN", "due_soon_days=10")
	assert.Contains(t, out, "Đã lưu cài đặt.")
	shown := MustRun(t, db, "settings")
	for _, want := range []string{"Cơ quan chủ quản (superior): Đảng ủy xã Gio Linh", "Ký hiệu cơ quan (symbol): BXDĐU",
		"Ngày bắt đầu nhiệm kỳ cấp ủy (party_term_start): 15/10/2025", "Người ký (signer): Nguyễn Văn An", "(due_soon_days): 10"} {
		assert.Contains(t, shown, want)
	}

	// Wrong values: nothing is stored, the message says what is wrong.
	for args, want := range map[[2]string]string{
		{"symbol=BC/BXD", "signer=Trần Thị B"}: "Ký hiệu cơ quan chỉ gồm chữ in hoa",
		{"party_term_start=31/02/2025", ""}:    "không có thật",
		{"profile=dang", ""}:                   "profile là state",
		{"term_months=0", ""}:                  "term_months là một số từ 1 đến 365",
	} {
		list := []string{"settings", "set", args[0]}
		if args[1] != "" {
			list = append(list, args[1])
		}
		r := qlhoictl(t, db, list...)
		assert.Equal(t, 1, r.code, args)
		assert.Contains(t, r.stderr, want, args)
	}
	assert.Equal(t, shown, MustRun(t, db, "settings"), "nothing stored")
	r := qlhoictl(t, db, "settings", "set", "colour=red")
	assert.Equal(t, 2, r.code)
	assert.Contains(t, r.stderr, "không có khóa cài đặt “colour”")

	rep := MustRun(t, db, "report", "danh-sach-hoi", "--profile", "party", "--out", filepath.Join(t.TempDir(), "ds.pdf"), "--issue")
	require.Contains(t, rep, "/BXDĐU", "the issued number carries the office's code")
}

// hoi show leaves out what an association does not have: no “của” without an issuer,
// no “Đại hội lần thứ 0”.
func TestHoiShowLeavesOutWhatIsMissing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "qlhoi.db")
	MustRun(t, db, "init", "--code", "QT", "--name", "Ban Dân vận Tỉnh ủy Quảng Trị", "--level", "tinh")
	js := filepath.Join(dir, "hoi.json")
	require.NoError(t, os.WriteFile(js, []byte(`{"name":"Hội Làm vườn tỉnh","scope":"tinh","field":"Kinh tế","status":"hoat_dong","founding":{"number":"12/QĐ-UBND"}}`), 0o600))
	id := firstField(MustRun(t, db, "hoi", "add", "--json", js))
	out := MustRun(t, db, "hoi", "show", id)
	assert.Regexp(t, `Quyết định thành lập:\s+12/QĐ-UBND\n`, out)
	assert.NotContains(t, out, "của")
	assert.NotContains(t, out, "lần thứ 0")
	assert.NotContains(t, out, "Nhiệm kỳ:")
}

// How many automatic backups are kept is a setting (10 by default, 1 to 100).
func TestKeepBackupsSetting(t *testing.T) {
	db := filepath.Join(t.TempDir(), "qlhoi.db")
	MustRun(t, db, "init", "--code", "QT", "--name", "Ban Dân vận Tỉnh ủy Quảng Trị", "--level", "tinh")
	assert.Contains(t, MustRun(t, db, "settings"), "(keep_backups): 10")
	MustRun(t, db, "settings", "set", "keep_backups=3")
	assert.Contains(t, MustRun(t, db, "settings"), "(keep_backups): 3")
	r := qlhoictl(t, db, "settings", "set", "keep_backups=0")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "từ 1 đến 100") // ErrKeepBackupsInvalid
}
