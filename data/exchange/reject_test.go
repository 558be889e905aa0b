package exchange

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

type rawEntry struct {
	name string
	body []byte
}

// craft writes a bundle from `from` to `to` with the given archive entries, a manifest
// describing them (after mutate), signed with signer and encrypted to the recipient.
func craft(t testing.TB, from, to *store.Store, entries []rawEntry, mutate func(*Manifest), signer ed25519.PrivateKey) string {
	t.Helper()
	return craftWith(t, from, to, entries, mutate, signer, nil)
}

// craftWith is craft with bytes written after the gzip member, inside the encryption.
func craftWith(t testing.TB, from, to *store.Store, entries []rawEntry, mutate func(*Manifest), signer ed25519.PrivateKey, after []byte) string {
	t.Helper()
	return craftFormat(t, Format, from, to, entries, mutate, signer, after)
}

// craftFormat crafts a bundle of a format version: 2 puts the manifest and signature
// first, 1 last.
func craftFormat(t testing.TB, format int, from, to *store.Store, entries []rawEntry, mutate func(*Manifest), signer ed25519.PrivateKey, after []byte) string {
	t.Helper()
	ctx := context.Background()
	keys, err := from.OwnKeys(ctx)
	require.NoError(t, err)
	if signer == nil {
		signer = keys.SignPrivate
	}
	toCard, err := to.OwnCard(ctx)
	require.NoError(t, err)
	rcpt, err := age.ParseX25519Recipient(toCard.AgeRecipient)
	require.NoError(t, err)
	now := time.Now().UTC().Truncate(time.Second)
	received, err := to.Received(ctx)
	require.NoError(t, err)
	seq := received[from.Office()] + 1 // the next bundle of the stream
	hdr := Header{Format: format, BundleID: data.NewID(), Sender: from.Office(), Recipient: to.Office(), Seq: seq, Created: now}
	man := Manifest{Format: format, BundleID: hdr.BundleID, Sender: hdr.Sender, Recipient: hdr.Recipient, Created: now, Seq: seq, Counts: map[data.Kind]int{}}
	for _, e := range entries {
		sum := sha256.Sum256(e.body)
		man.Entries = append(man.Entries, Entry{Name: e.name, Size: int64(len(e.body)), SHA256: hex.EncodeToString(sum[:]), Records: bytes.Count(e.body, []byte{'\n'})})
		for _, line := range bytes.Split(bytes.TrimSuffix(e.body, []byte{'\n'}), []byte{'\n'}) {
			if kind, _, ok := bytes.Cut(line, []byte{'\t'}); ok {
				man.Counts[data.Kind(kind)]++
			}
		}
	}
	if mutate != nil {
		mutate(&man)
		hdr.Seq, hdr.BundleID = man.Seq, man.BundleID
	}
	headerLine, _ := json.Marshal(hdr)
	headerLine = append(headerLine, '\n')
	manBytes, _ := json.Marshal(man)
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%s %d\n", Magic, format)
	buf.Write(headerLine)
	enc, err := age.Encrypt(&buf, rcpt)
	require.NoError(t, err)
	gz := gzip.NewWriter(enc)
	tw := tar.NewWriter(gz)
	signed := []rawEntry{{"manifest.json", manBytes},
		{"signature", []byte(base64.StdEncoding.EncodeToString(ed25519.Sign(signer, signedDigest(format, headerLine, manBytes))))}}
	all := append(append([]rawEntry(nil), signed...), entries...)
	if format < 2 {
		all = append(append([]rawEntry(nil), entries...), signed...)
	}
	for _, e := range all {
		require.NoError(t, tw.WriteHeader(&tar.Header{Name: e.name, Mode: 0o644, Size: int64(len(e.body)), Typeflag: tar.TypeReg}))
		tw.Write(e.body)
	}
	require.NoError(t, tw.Close())
	require.NoError(t, gz.Close())
	enc.Write(after)
	require.NoError(t, enc.Close())
	p := filepath.Join(t.TempDir(), "crafted.qlb")
	require.NoError(t, os.WriteFile(p, buf.Bytes(), 0o644))
	return p
}

func recordLine(t testing.TB, r data.Record) []byte {
	b, err := json.Marshal(r)
	require.NoError(t, err)
	var buf bytes.Buffer
	Line{Kind: r.Kind(), Versions: []json.RawMessage{b}}.encode(&buf)
	return append(buf.Bytes(), '\n')
}

// rejectionCases builds the refused bundles: each must leave the database unchanged.
func rejectionCases(t *testing.T) (p *store.Store, cases map[string]struct {
	path string
	code string
	lim  Limits
}) {
	ctx := context.Background()
	p = office(t, "QT", "", data.LevelProvince)
	a := office(t, "QT-A", "QT", data.LevelDistrict)
	other := office(t, "QT-B", "QT", data.LevelDistrict)
	stranger := office(t, "QT-X", "QT", data.LevelDistrict)
	link(t, p, a)
	link(t, p, other)
	link(t, a, other)
	stranger.Trust(ctx, mustCard(t, p))
	x := assoc("Hội ở huyện A")
	require.NoError(t, a.Create(ctx, x))
	good := send(t, a, "QT")
	goodBytes := readFile(t, good)

	cases = map[string]struct {
		path string
		code string
		lim  Limits
	}{}
	add := func(name, path, code string, lim Limits) {
		cases[name] = struct {
			path string
			code string
			lim  Limits
		}{path, code, lim}
	}
	write := func(name string, b []byte) string {
		p := filepath.Join(t.TempDir(), name)
		require.NoError(t, os.WriteFile(p, b, 0o644))
		return p
	}
	add("wrong recipient", send(t, a, "QT-B"), "ErrWrongOffice", DefaultLimits)
	add("untrusted sender", func() string {
		res, err := Export(ctx, stranger, "QT", t.TempDir(), false)
		require.NoError(t, err)
		return res.Path
	}(), "ErrNotTrusted", DefaultLimits)
	_, wrongKey, _ := ed25519.GenerateKey(nil)
	add("bad signature", craft(t, a, p, []rawEntry{{"records/000001.jsonl", recordLine(t, x)}}, nil, wrongKey), "ErrBadSignature", DefaultLimits)
	add("truncated file", write("trunc.qlb", goodBytes[:len(goodBytes)*2/3]), "ErrDamaged", DefaultLimits)
	add("newer format version", write("newer.qlb", bytes.Replace(goodBytes, []byte(fmt.Sprintf("%s %d\n", Magic, Format)), []byte(fmt.Sprintf("%s %d\n", Magic, Format+1)), 1)), "ErrNewerFormat", DefaultLimits)
	add("not a bundle", write("junk.qlb", []byte("PK\x03\x04 this is a zip file, not a bundle")), "ErrNotABundle", DefaultLimits)
	add("path traversal", craft(t, a, p, []rawEntry{{"../../etc/passwd", []byte("x\n")}}, nil, nil), "ErrBadEntry", DefaultLimits)
	add("absolute path", craft(t, a, p, []rawEntry{{"/tmp/x.jsonl", []byte("x\n")}}, nil, nil), "ErrBadEntry", DefaultLimits)
	bomb := bytes.Repeat([]byte{' '}, 8<<20) // compresses to almost nothing
	add("decompression bomb", craft(t, a, p, []rawEntry{{"records/000001.jsonl", bomb}}, nil, nil), "ErrTooLarge",
		Limits{Entries: 100, EntrySize: 1 << 20, Unpacked: 4 << 20, RecordSize: 1 << 20})
	add("too many entries", craft(t, a, p, func() []rawEntry {
		var es []rawEntry
		for i := range 12 {
			es = append(es, rawEntry{fmt.Sprintf("records/%06d.jsonl", i+1), recordLine(t, x)})
		}
		return es
	}(), nil, nil), "ErrTooLarge", Limits{Entries: 10, EntrySize: 1 << 20, Unpacked: 1 << 30, RecordSize: 1 << 20})
	add("malformed JSON", craft(t, a, p, []rawEntry{{"records/000001.jsonl", []byte("associations\t{\"id\":\"x\",\"hlc\":\n")}}, nil, nil), "ErrMalformed", DefaultLimits)
	add("unknown kind", craft(t, a, p, []rawEntry{{"records/000001.jsonl", []byte("users\t{\"id\":\"1\",\"hlc\":\"1\"}\n")}}, nil, nil), "ErrMalformed", DefaultLimits)
	for name, after := range map[string][]byte{"junk after the gzip member": bytes.Repeat([]byte("rác"), 333), "one byte after the gzip member": {0}, "a second gzip member": gzipped(t, recordLine(t, x))} {
		add(name, craftWith(t, a, p, []rawEntry{{"records/000001.jsonl", recordLine(t, x)}}, nil, nil, after), "ErrDamaged", DefaultLimits)
	}
	add("checksum mismatch", craft(t, a, p, []rawEntry{{"records/000001.jsonl", recordLine(t, x)}}, func(m *Manifest) {
		m.Entries[0].SHA256 = hex.EncodeToString(make([]byte, 32))
	}, nil), "ErrDamaged", DefaultLimits)
	add("missing entry", craft(t, a, p, []rawEntry{{"records/000001.jsonl", recordLine(t, x)}}, func(m *Manifest) {
		m.Entries = append(m.Entries, Entry{Name: "records/000002.jsonl", Size: 10, SHA256: "00"})
	}, nil), "ErrDamaged", DefaultLimits)

	add("duplicate entry name, first copy unsigned", craftRaw(t, a, p, []rawEntry{{"records/000001.jsonl", recordLine(t, forge(assoc("Hội chưa ký"), "QT-A", "QT-A"))}, {"records/000001.jsonl", recordLine(t, x)}}, 1), "ErrDamaged", DefaultLimits)
	add("entry missing from the manifest", craft(t, a, p, []rawEntry{{"records/000001.jsonl", recordLine(t, x)}, {"records/000002.jsonl", recordLine(t, forge(assoc("Hội không khai"), "QT-A", "QT-A"))}}, func(m *Manifest) {
		m.Entries[1] = m.Entries[0]
	}, nil), "ErrDamaged", DefaultLimits)
	add("manifest counts wrong", craft(t, a, p, []rawEntry{{"records/000001.jsonl", recordLine(t, x)}}, func(m *Manifest) {
		m.Counts[data.KindAssociation] = 0
		m.Counts[data.KindDirective] = 1
	}, nil), "ErrDamaged", DefaultLimits)
	for name, seq := range map[string]int64{"sequence 0": 0, "negative sequence": -3, "sequence 9·10¹⁸": 9_000_000_000_000_000_000} {
		add(name, craft(t, a, p, []rawEntry{{"records/000001.jsonl", recordLine(t, x)}}, func(m *Manifest) { m.Seq = seq }, nil), "ErrBadSeq", DefaultLimits)
	}

	// A flipped byte in each part of the file: magic, header, age header, payload, end.
	hdrEnd := bytes.IndexByte(goodBytes[len(Magic)+3:], '\n') + len(Magic) + 3
	for name, at := range map[string]int{"flip magic": 2, "flip header": hdrEnd - 10, "flip age header": hdrEnd + 40, "flip payload": len(goodBytes) / 2, "flip last byte": len(goodBytes) - 1} {
		b := bytes.Clone(goodBytes)
		b[at] ^= 0x5a
		code := map[string]string{"flip magic": "ErrNotABundle", "flip header": "", "flip age header": "ErrCannotDecrypt", "flip payload": "ErrDamaged", "flip last byte": "ErrDamaged"}[name]
		add(name, write(name+".qlb", b), code, DefaultLimits)
	}
	return p, cases
}

// craftRaw is craft with the manifest describing only the entries from skip on: the
// archive holds entries the signature does not cover.
func craftRaw(t testing.TB, from, to *store.Store, entries []rawEntry, skip int) string {
	return craft(t, from, to, entries, func(m *Manifest) {
		m.Entries = m.Entries[skip:]
		m.Counts = map[data.Kind]int{data.KindAssociation: len(m.Entries)}
	}, nil)
}

func mustCard(t testing.TB, s *store.Store) *store.Card {
	c, err := s.OwnCard(context.Background())
	require.NoError(t, err)
	return c
}

func TestRejections(t *testing.T) {
	ctx := context.Background()
	p, cases := rejectionCases(t)
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			before := content(t, p)
			b, err := Open(ctx, p, c.path, c.lim)
			if err == nil {
				_, err = b.Apply(ctx)
			}
			require.Error(t, err, "the bundle is refused")
			if c.code != "" {
				assert.True(t, data.HasCode(err, c.code), "got %v", err)
			} else {
				assert.NotEmpty(t, data.Codes(err), "a refusal with a Vietnamese message, got %v", err)
			}
			assert.NotContains(t, data.Message(err), "sqlite")
			assert.Equal(t, before, content(t, p), "the database is unchanged")
		})
	}
}

// A record outside the sender's scope is refused alone; the rest applies.
func TestOutOfScopeRecordRefusedAlone(t *testing.T) {
	ctx := context.Background()
	p := office(t, "QT", "", data.LevelProvince)
	a := office(t, "QT-A", "QT", data.LevelDistrict)
	b := office(t, "QT-B", "QT", data.LevelDistrict)
	link(t, p, a)
	link(t, p, b)
	link(t, a, b)
	// B's own association, sent up: fine. The province's own directive "edited" by B:
	// outside B's scope.
	own := assoc("Hội ở huyện B")
	require.NoError(t, b.Create(ctx, own))
	dir := &data.Directive{Number: "9-CV/TU", Date: data.MustDate("01/11/2026"), Issuer: "BTV", Summary: "x"}
	require.NoError(t, p.Create(ctx, dir))
	forged := *dir
	forged.Summary = "sửa trái phép"
	forged.By, forged.HLC, forged.Parents = "QT-B", "0009999999999999.00000.QT-B.ffff", []string{dir.HLC}
	path := craft(t, b, p, []rawEntry{{"records/000001.jsonl", append(recordLine(t, own), recordLine(t, &forged)...)}}, nil, nil)
	bun, err := Open(ctx, p, path, DefaultLimits)
	require.NoError(t, err)
	res, err := bun.Apply(ctx)
	require.NoError(t, err)
	assert.Equal(t, 1, res.Counts[data.KindAssociation][store.Added])
	assert.Equal(t, 1, res.Counts[data.KindDirective][store.Refused])
	var reason string
	for _, o := range res.Outcomes {
		if o.Class == store.Refused {
			reason = o.Reason
		}
	}
	assert.Contains(t, reason, "không có quyền")
	got, _ := store.Get[data.Directive](ctx, p, dir.ID)
	assert.Equal(t, "x", got.Summary)
}

// Fuzz the reader with the valid bundle and the refused ones as seeds: it never panics
// and never changes the database unless the bundle verifies.
func FuzzOpen(f *testing.F) {
	t := &testing.T{}
	_ = t
	ctx := context.Background()
	p := office(f, "QT", "", data.LevelProvince)
	a := office(f, "QT-A", "QT", data.LevelDistrict)
	link(f, p, a)
	require.NoError(f, a.Create(ctx, assoc("Hội thử")))
	good := readFile(f, send(f, a, "QT"))
	f.Add(good)
	f.Add(good[:len(good)/2])
	f.Add([]byte(Magic + " 1\n{}\n"))
	f.Add([]byte(Magic + " 9\n"))
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, b []byte) {
		path := filepath.Join(dir, "fuzz.qlb")
		if err := os.WriteFile(path, b, 0o644); err != nil {
			t.Skip()
		}
		bun, err := Open(ctx, p, path, Limits{Entries: 50, EntrySize: 4 << 20, Unpacked: 16 << 20, RecordSize: 1 << 20})
		if err != nil {
			if len(data.Codes(err)) == 0 {
				t.Fatalf("refusal without a user message: %v", err)
			}
			return
		}
		defer bun.Close()
		if _, err := bun.Preview(ctx); err != nil && len(data.Codes(err)) == 0 {
			t.Fatalf("preview failed without a user message: %v", err)
		}
	})
}

func gzipped(t testing.TB, b []byte) []byte {
	var buf bytes.Buffer
	gz := gzip.NewWriter(&buf)
	_, err := gz.Write(b)
	require.NoError(t, err)
	require.NoError(t, gz.Close())
	return buf.Bytes()
}
