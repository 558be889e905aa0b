package store_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// craft makes a backup of s and changes it with the statements, as an attacker with a
// copy of the file and an SQLite tool would.
func craft(t *testing.T, s *store.Store, stmts ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "sao-luu.db")
	require.NoError(t, s.Backup(t.Context(), path))
	db, err := sql.Open("sqlite", store.SQLiteURI(path))
	require.NoError(t, err)
	defer db.Close()
	for _, q := range stmts {
		_, err := db.Exec(q)
		require.NoError(t, err, q)
	}
	return path
}

// tableDigest is a digest of every table's rows (the office's whole state).
func tableDigest(t *testing.T, s *store.Store) string {
	t.Helper()
	db, err := sql.Open("sqlite", store.SQLiteURI(s.Path(), "mode=ro"))
	require.NoError(t, err)
	defer db.Close()
	names, err := db.Query("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
	require.NoError(t, err)
	var tables []string
	for names.Next() {
		var n string
		require.NoError(t, names.Scan(&n))
		tables = append(tables, n)
	}
	names.Close()
	h := sha256.New()
	for _, tb := range tables {
		rows, err := db.Query("SELECT * FROM " + tb + " ORDER BY 1")
		require.NoError(t, err)
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			require.NoError(t, rows.Scan(ptrs...))
			fmt.Fprintf(h, "%s %v\n", tb, vals)
		}
		rows.Close()
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// A hand-made plain backup cannot take the office over: its keys are not taken (only an
// encrypted backup's are) and the offices it trusts are not trusted until the clerk
// confirms each one.
func TestCraftedPlainBackupCannotTakeOver(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	keys, err := s.OwnKeys(ctx)
	require.NoError(t, err)
	attacker := MustOpen(t)
	ak, err := attacker.OwnKeys(ctx)
	require.NoError(t, err)
	backup := craft(t, s,
		fmt.Sprintf(`UPDATE office_keys SET sign_public = x'%x', sign_private = x'%x', age_recipient = '%s', age_identity = '%s'`,
			ak.SignPublic, ak.SignPrivate, ak.AgeRecipient, ak.AgeIdentity),
		`INSERT INTO trusted_offices (code, name, sign_public, age_recipient, fingerprint, trusted_at) VALUES ('XX', 'Kẻ giả mạo', x'00', 'age1x', 'AAAA-BBBB-CCCC-DDDD-EEEE', '2026-01-01T00:00:00Z')`)
	_, err = s.RestoreFrom(ctx, backup)
	require.NoError(t, err)
	got, err := s.OwnKeys(ctx)
	require.NoError(t, err)
	assert.Equal(t, keys.SignPrivate, got.SignPrivate, "the office keeps its own signing key")
	assert.Equal(t, keys.AgeIdentity, got.AgeIdentity)
	_, err = s.TrustedOffice(ctx, "XX")
	assert.True(t, data.HasCode(err, "ErrNotTrusted"), "the backup's office is not trusted: %v", err)
	pending, err := s.PendingTrust(ctx)
	require.NoError(t, err)
	require.Len(t, pending, 1, "it is listed for the clerk")
	assert.NotEmpty(t, pending[0].Problem, "a key that is no key does not match its fingerprint")

	t.Run("ErrNotPending", func(t *testing.T) {
		assert.True(t, data.HasCode(s.ConfirmTrust(ctx, "YY"), "ErrNotPending"))
	})
	t.Run("ErrPendingMismatch", func(t *testing.T) {
		assert.True(t, data.HasCode(s.ConfirmTrust(ctx, "XX"), "ErrPendingMismatch"))
	})
	require.NoError(t, s.DismissTrust(ctx, "XX"))
	pending, err = s.PendingTrust(ctx)
	require.NoError(t, err)
	assert.Empty(t, pending)
}

// A backup that keeps a trusted office's genuine fingerprint but puts another office's
// keys beside it (or a key of the wrong length) cannot be confirmed: the fingerprint is
// recomputed from the keys and the office's record, as for a card, before anything is
// trusted; and nothing panics.
func TestPendingTrustChecksFingerprintAgainstKeys(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	peer := MustOpenEmpty(t, filepath.Join(t.TempDir(), "a.db"))
	require.NoError(t, peer.SetUp(ctx, &data.Office{Code: "QT-A", Name: "Huyện ủy A", Level: data.LevelDistrict, Parent: "QT"}))
	card, err := peer.OwnCard(ctx)
	require.NoError(t, err)
	require.NoError(t, s.Trust(ctx, card))
	other := MustOpenEmpty(t, filepath.Join(t.TempDir(), "c.db"))
	require.NoError(t, other.SetUp(ctx, &data.Office{Code: "QT-C", Name: "Huyện ủy C", Level: data.LevelDistrict, Parent: "QT"}))
	evil, err := other.OwnCard(ctx)
	require.NoError(t, err)

	for name, stmt := range map[string]string{
		"another office's keys, the genuine fingerprint": fmt.Sprintf(`UPDATE trusted_offices SET sign_public = x'%x', age_recipient = '%s' WHERE code = 'QT-A'`, evil.SignPublic, evil.AgeRecipient),
		"a signing key of two bytes":                     `UPDATE trusted_offices SET sign_public = x'0102' WHERE code = 'QT-A'`,
		"a code with a line break":                       `UPDATE trusted_offices SET code = 'QT-A' || char(10) || 'QT-B' WHERE code = 'QT-A'`,
	} {
		t.Run(name, func(t *testing.T) {
			fresh := MustOpenEmpty(t, filepath.Join(t.TempDir(), "moi.db"))
			require.NoError(t, fresh.SetUp(ctx, &data.Office{Code: "QT", Name: "Ban Dân vận Tỉnh ủy Quảng Trị", Level: data.LevelProvince, Place: "Quảng Trị"}))
			_, err := fresh.RestoreFrom(ctx, craft(t, s, stmt))
			require.NoError(t, err)
			pending, err := fresh.PendingTrust(ctx)
			require.NoError(t, err)
			for _, p := range pending {
				assert.NotEmpty(t, p.Problem, "%s cannot be confirmed", p.Code)
				assert.Error(t, fresh.ConfirmTrust(ctx, p.Code))
			}
			trusted, err := fresh.Trusted(ctx)
			require.NoError(t, err)
			assert.Empty(t, trusted, "nothing trusted")
		})
	}

	// The genuine row is confirmed.
	fresh := MustOpenEmpty(t, filepath.Join(t.TempDir(), "moi.db"))
	require.NoError(t, fresh.SetUp(ctx, &data.Office{Code: "QT", Name: "Ban Dân vận Tỉnh ủy Quảng Trị", Level: data.LevelProvince, Place: "Quảng Trị"}))
	_, err = fresh.RestoreFrom(ctx, craft(t, s))
	require.NoError(t, err)
	pending, err := fresh.PendingTrust(ctx)
	require.NoError(t, err)
	require.Len(t, pending, 1)
	assert.Empty(t, pending[0].Problem)
	assert.Equal(t, card.Fingerprint, pending[0].Fingerprint)
	require.NoError(t, fresh.ConfirmTrust(ctx, "QT-A"))
	got, err := fresh.TrustedOffice(ctx, "QT-A")
	require.NoError(t, err)
	assert.Equal(t, []byte(card.SignPublic), []byte(got.SignPublic))
}

// A restore reads only files that are exactly one of our schemas: a view (a recursive
// one filled the disk), a trigger, an extra table or index, a changed table or an unknown
// version is refused at once, and the database is left as it was.
func TestRestoreRefusesForeignSchema(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	MustCreate(t, s, validAssociation("Hội Nông dân tỉnh"))
	before := tableDigest(t, s)
	for name, stmts := range map[string][]string{
		"recursive view": {"DROP TABLE conflicts", `CREATE VIEW conflicts AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT i AS record_id, 'x' AS kind, '[]' AS heads, '' AS winner, '' AS detected_at, 0 AS resolved FROM n`},
		"trigger":        {"CREATE TRIGGER t AFTER INSERT ON settings BEGIN DELETE FROM associations; END"},
		"extra table":    {"CREATE TABLE extra (x)"},
		"extra index":    {"CREATE INDEX extra_i ON associations (body)"},
		"changed table":  {"ALTER TABLE associations ADD COLUMN extra TEXT"},
		"no version":     {"PRAGMA user_version = 0"},
	} {
		t.Run(name, func(t *testing.T) {
			backup := craft(t, s, stmts...)
			start := time.Now()
			_, err := s.RestoreFrom(ctx, backup)
			assert.True(t, data.HasCode(err, "ErrBadBackup"), "got %v", err)
			assert.Less(t, time.Since(start), 10*time.Second, "refused before any work")
			assert.Equal(t, before, tableDigest(t, s), "nothing changed")
		})
	}
	backup := craft(t, s, fmt.Sprintf("PRAGMA user_version = %d", store.Migrations()+1))
	_, err := s.RestoreFrom(ctx, backup)
	assert.True(t, data.HasCode(err, "ErrSchemaNewer"), "got %v", err)
	assert.Equal(t, before, tableDigest(t, s))
}

// Another office's backup is not restored over this office (its data, its settings and
// its identity would replace this office's); a machine not yet set up takes it (moving
// an office to a new machine).
func TestRestoreRefusesOtherOffice(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t) // office QT
	other := MustOpenEmpty(t, filepath.Join(t.TempDir(), "b.db"))
	require.NoError(t, other.SetUp(ctx, &data.Office{Code: "QB", Name: "Ban Dân vận Tỉnh ủy Quảng Bình", Level: data.LevelProvince, Place: "Quảng Bình"}))
	backup := filepath.Join(t.TempDir(), "qb.db")
	require.NoError(t, other.Backup(ctx, backup))
	before := tableDigest(t, s)
	_, err := s.RestoreFrom(ctx, backup)
	assert.True(t, data.HasCode(err, "ErrBackupOtherOffice"), "got %v", err)
	assert.Contains(t, data.Message(err), "QB")
	assert.Equal(t, before, tableDigest(t, s))

	fresh := MustOpenEmpty(t, filepath.Join(t.TempDir(), "new.db"))
	_, err = fresh.RestoreFrom(ctx, backup)
	require.NoError(t, err)
	assert.Equal(t, "QB", fresh.Office())
}

// The safety copy before a restore is complete (keys included), readable by the user
// only, and restoring it brings the office back exactly; automatic backups keep the
// last ten of each kind.
func TestSafetyCopyAndAutomaticBackups(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	MustCreate(t, s, validAssociation("Hội Cựu chiến binh tỉnh"))
	empty := MustOpen(t)
	backup := filepath.Join(t.TempDir(), "trong.db")
	require.NoError(t, empty.Backup(ctx, backup))
	safety, err := s.RestoreFrom(ctx, backup)
	require.NoError(t, err)
	if runtime.GOOS != "windows" {
		st, err := os.Stat(safety)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	}
	raw, err := sql.Open("sqlite", store.SQLiteURI(safety, "mode=ro"))
	require.NoError(t, err)
	var n int
	require.NoError(t, raw.QueryRow("SELECT count(*) FROM office_keys WHERE length(sign_private) > 0").Scan(&n))
	raw.Close()
	assert.Equal(t, 1, n, "the safety copy holds the keys")
	_, err = s.RestoreFrom(ctx, safety)
	require.NoError(t, err)
	list, _, err := s.FindAssociations(ctx, store.AssociationFilter{})
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, "Hội Cựu chiến binh tỉnh", list[0].Name)

	// Twelve automatic backups of a kind: the oldest two go.
	clock := fixedNow
	s.Now = func() time.Time { clock = clock.Add(time.Minute); return clock }
	for range 12 {
		_, err := s.AutoBackup(context.Background(), store.AutoBeforeSheet)
		require.NoError(t, err)
	}
	matches, err := filepath.Glob(s.Path() + store.AutoBeforeSheet + "*.db")
	require.NoError(t, err)
	assert.Len(t, matches, 10)
	require.NoError(t, s.SetSetting(ctx, store.SettingKeepBackups, "3"))
	_, err = s.AutoBackup(ctx, store.AutoBeforeSheet)
	require.NoError(t, err)
	matches, _ = filepath.Glob(s.Path() + store.AutoBeforeSheet + "*.db")
	assert.Len(t, matches, 3, "Settings can change how many are kept")
}

// FuzzRestore restores arbitrary files (seeded with a real backup and crafted ones):
// each is refused with a qlhoi error or restored, and the office keeps its keys and a
// database that passes its check.
func FuzzRestore(f *testing.F) {
	s := MustOpen(f)
	MustCreate(f, s, validAssociation("Hội Luật gia tỉnh"))
	path := filepath.Join(f.TempDir(), "seed.db")
	require.NoError(f, s.Backup(context.Background(), path))
	seed, err := os.ReadFile(path)
	require.NoError(f, err)
	f.Add(seed)
	f.Add(seed[:len(seed)/2])
	f.Add([]byte("SQLite format 3\x00"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ctx := context.Background()
		s := MustOpen(t)
		keys, err := s.OwnKeys(ctx)
		require.NoError(t, err)
		file := filepath.Join(t.TempDir(), "x.db")
		require.NoError(t, os.WriteFile(file, b, 0o600))
		_, err = s.RestoreFrom(ctx, file)
		if err != nil {
			require.NotEmpty(t, data.Codes(err), "a refusal the clerk can read: %v", err)
		}
		got, err := s.OwnKeys(ctx)
		require.NoError(t, err)
		assert.Equal(t, keys.SignPrivate, got.SignPrivate)
		res, err := s.Check(ctx)
		require.NoError(t, err)
		assert.True(t, res.OK(), "%+v", res)
	})
}

// An encrypted backup whose header asks for a costlier key derivation than ours (edited
// by hand: 2^22 rounds took 4 GB of memory) is refused at once.
func TestEncryptedBackupWorkFactorBounded(t *testing.T) {
	ctx := t.Context()
	s := MustOpen(t)
	path := filepath.Join(t.TempDir(), "sao-luu.age")
	require.NoError(t, s.BackupEncrypted(ctx, path, "mật khẩu đủ dài"))
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	i := bytes.Index(b, []byte("-> scrypt "))
	require.Positive(t, i)
	end := i + bytes.IndexByte(b[i:], '\n')
	line := string(b[i:end])
	edited := line[:strings.LastIndexByte(line, ' ')] + " 22"
	b = append(append(append([]byte(nil), b[:i]...), edited...), b[end:]...)
	require.NoError(t, os.WriteFile(path, b, 0o600))
	start := time.Now()
	_, err = s.RestoreEncrypted(ctx, path, "mật khẩu đủ dài")
	assert.Error(t, err)
	assert.NotEmpty(t, data.Codes(err))
	assert.Less(t, time.Since(start), 5*time.Second, "refused before deriving the key")
}

// A card with a name beyond any text field's maximum is refused before it is shown.
func TestCardWithHugeNameRefused(t *testing.T) {
	s := MustOpen(t)
	c, err := s.OwnCard(t.Context())
	require.NoError(t, err)
	c.Name = strings.Repeat("Huyện ủy ", 20_000)
	c.Fingerprint = store.CardFingerprint(c)
	b, err := json.Marshal(c)
	require.NoError(t, err)
	_, err = store.ReadCard(b)
	assert.True(t, data.HasCode(err, "ErrBadCard"), "got %v", err)
}

// A card (or a trusted row of a backup, checked as a card) whose name holds a line break
// or other control character is refused: a name of two lines printed a genuine office's
// fingerprint beside forged keys.
func TestCardNameMustBeOneCleanLine(t *testing.T) {
	s := MustOpen(t)
	for _, name := range []string{"Huyện ủy A – dấu nhận dạng HAAF-YWNN\n  QT-B – Huyện ủy B", "Huyện ủy\u2028A", "Huyện ủy" + strings.Repeat(" ", 300) + "A", "Huyện ủy \x1b[2KA"} {
		c, err := s.OwnCard(t.Context())
		require.NoError(t, err)
		c.Name = name
		c.Fingerprint = store.CardFingerprint(c)
		b, err := json.Marshal(c)
		require.NoError(t, err)
		_, err = store.ReadCard(b)
		assert.True(t, data.HasCode(err, "ErrBadCard"), "%q: %v", name, err)
	}
}

// The automatic backup just made is never the one rotation removes, even when backups
// named for a later time (a clock once set ahead) are there.
func TestNewBackupSurvivesLaterNamedOnes(t *testing.T) {
	s := MustOpen(t)
	for i := 10; i < 20; i++ {
		p := s.Path() + store.AutoBeforeRestore + fmt.Sprintf("20300101-0000%d.db", i)
		require.NoError(t, os.WriteFile(p, []byte("cũ"), 0o600))
		old := time.Now().Add(-time.Hour)
		require.NoError(t, os.Chtimes(p, old, old))
	}
	path, err := s.AutoBackup(t.Context(), store.AutoBeforeRestore)
	require.NoError(t, err)
	assert.FileExists(t, path)
	matches, _ := filepath.Glob(s.Path() + store.AutoBeforeRestore + "*.db")
	assert.Len(t, matches, 10, "ten kept, the new one among them")
}
