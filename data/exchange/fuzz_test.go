package exchange

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// FuzzMerge fuzzes the merge itself: each input is turned into record lines of every
// kind with structured random content (ids, owners, writers, clock readings, parents,
// text, dates and numbers drawn from both sound and hostile values), crafted into a
// correctly signed and encrypted bundle from district A to the province, previewed and
// applied. The merge never panics, fails only with a message for the user, and never
// changes what the province or district B own, nor the office tree above A.
//
// `go test ./data/exchange/` runs the seed corpus (CI). To fuzz longer:
//
//	go test ./data/exchange/ -run '^$' -fuzz FuzzMerge -fuzztime 10m
func FuzzMerge(f *testing.F) {
	ctx := context.Background()
	w := newWorld(f)
	for _, seed := range []string{"", "\x00", "\x01\x02\x03\x04\x05\x06\x07\x08", "hostile office tree", "\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8\xf7\xf6",
		"progress progress progress", "register\x09\x09\x09", string(bytes.Repeat([]byte{7, 3, 1}, 40)), string(bytes.Repeat([]byte{0x80, 0x11}, 60))} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		g := &gen{in: in, w: w}
		var body bytes.Buffer
		for range 1 + g.n(6) {
			g.line(&body)
		}
		guarded := ownedDigest(t, w.p, "QT", "QT-B")
		path := craft(t, w.a, w.p, []rawEntry{{"records/000001.jsonl", body.Bytes()}}, nil, nil)
		bun, err := Open(ctx, w.p, path, DefaultLimits)
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
		if _, err := bun.Apply(ctx); err != nil && len(data.Codes(err)) == 0 {
			t.Fatalf("apply failed without a user message: %v", err)
		}
		require.Equal(t, guarded, ownedDigest(t, w.p, "QT", "QT-B"), "records of the province and district B are untouched")
		for code, parent := range map[string]string{"QT": "", "QT-A": "QT", "QT-B": "QT"} {
			o, err := w.p.OfficeByCode(ctx, code)
			require.NoError(t, err)
			require.Equal(t, parent, o.Parent, "office %s stays in place", code)
		}
	})
}

// ownedDigest digests the records owned by the given offices (tasks aside: progress
// reported by a district legitimately carries over to the province's task).
func ownedDigest(t testing.TB, s *store.Store, owners ...string) string {
	h := sha256.New()
	err := s.EachChanged(context.Background(), 0, 1<<62, func(kind data.Kind, owner string, versions []jsonRaw) error {
		if kind == data.KindTask {
			return nil
		}
		for _, o := range owners {
			if o == owner {
				for _, v := range versions {
					h.Write(v)
				}
			}
		}
		return nil
	})
	require.NoError(t, err)
	return hex.EncodeToString(h.Sum(nil))
}

// gen draws structured values from the fuzz input (zeros once it is used up).
type gen struct {
	in   []byte
	at   int
	w    *world
	hlcs []string
}

func (g *gen) n(k int) int {
	if g.at >= len(g.in) || k <= 0 {
		g.at++
		return (g.at * 7) % max(k, 1)
	}
	b := g.in[g.at]
	g.at++
	return int(b) % k
}

func pickOf[T any](g *gen, xs ...T) T { return xs[g.n(len(xs))] }

func (g *gen) office() string {
	return pickOf(g, "QT-A", "QT-A", "QT-A-1", "QT", "QT-B", "QT-A-7", "", "qt a", "QT-X")
}

func (g *gen) hlc(by string) string {
	now := time.Now().UnixMilli()
	var h string
	switch g.n(9) {
	case 0, 1, 2:
		h = fmt.Sprintf("%016d.%05d.%s.%04x", now-int64(g.n(1000)), g.n(3), by, g.n(65536))
	case 3:
		h = fmt.Sprintf("%016d.00000.%s.beef", now, g.office())
	case 4:
		h = fmt.Sprintf("%016d.99999.%s.beef", int64(253402300799000), by)
	case 5:
		h = "-000000000000001.00000." + by + ".beef"
	case 6:
		h = "0000000000000000.00000." + by + ".card"
	case 7:
		if len(g.hlcs) > 0 {
			return pickOf(g, g.hlcs...)
		}
		h = "1.2"
	default:
		h = fmt.Sprintf("%d.%d.%s.x", now, g.n(100), by)
	}
	g.hlcs = append(g.hlcs, h)
	return h
}

func (g *gen) text() string {
	return pickOf(g, "Hội Chữ thập đỏ", "Ho\u0302\u0323i NFD", "A\x00B\x07C", "\x1b[31mđỏ\x1b[0m", "x\u202Eevil", "zero\u200bwidth", "line\r\nbreak", "", "  spaces  ", string(bytes.Repeat([]byte("dài "), 300)))
}

func (g *gen) date() any {
	return pickOf[any](g, "2026-11-20", "2026-01-01", "9999-12-31", "0001-01-01", nil, "31/02/2026", "2026-13-01", 12)
}

func (g *gen) id() string {
	w := g.w
	return pickOf(g, data.NewID(), w.pAssoc.ID, w.aAssoc.ID, w.pTask.ID, w.aTask.ID, w.register.ID, data.OfficeID("QT"), data.OfficeID("QT-A"),
		data.OfficeID("QT-A-1"), data.OfficeID("QT-A-7"), "", "x\ny")
}

// line writes one record line: a kind and one to three versions.
func (g *gen) line(buf *bytes.Buffer) {
	kind := pickOf(g, data.Kinds...)
	id, owner := g.id(), g.office()
	var versions []json.RawMessage
	for range 1 + g.n(3) {
		by := g.office()
		if g.n(2) == 0 {
			by = owner
		}
		v := map[string]any{"id": id, "office": owner, "created_at": "2026-11-01T00:00:00Z", "updated_at": "2026-11-01T00:00:00Z",
			"version": g.n(3), "deleted": g.n(8) == 0, "by": by, "hlc": g.hlc(by)}
		if g.n(2) == 0 && len(g.hlcs) > 0 {
			v["parents"] = []string{pickOf(g, g.hlcs...)}
		}
		g.fields(kind, v)
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		versions = append(versions, b)
	}
	Line{Kind: kind, Versions: versions}.encode(buf)
	buf.WriteByte('\n')
}

// fields fills the content of a kind.
func (g *gen) fields(kind data.Kind, v map[string]any) {
	w := g.w
	switch kind {
	case data.KindOffice:
		code := g.office()
		if g.n(2) == 0 {
			v["id"], v["office"] = data.OfficeID(code), code
		}
		v["code"], v["name"], v["level"], v["parent"] = code, g.text(), pickOf(g, "tinh", "huyen", "xa", "?"), g.office()
	case data.KindAssociation:
		v["name"], v["scope"], v["field"], v["status"] = g.text(), pickOf(g, "tinh", "huyen", "xa"), g.text(), pickOf(g, "dang_hoat_dong", "giai_the")
		v["term_start"], v["term_end"] = g.date(), g.date()
	case data.KindLeader, data.KindYearlyFigure, data.KindInspection, data.KindEvent:
		v["association"] = pickOf(g, w.pAssoc.ID, w.aAssoc.ID, data.NewID())
		v["name"], v["position"], v["body"], v["content"] = g.text(), g.text(), g.text(), g.text()
		v["year"], v["members"], v["date"], v["event_kind"] = pickOf(g, 2026, 1800, -1), pickOf(g, 10, -5, 1<<40), g.date(), pickOf(g, "dai_hoi", "?")
	case data.KindProgress:
		v["task"] = pickOf(g, w.aTask.ID, w.pTask.ID, data.NewID())
		v["agency"] = pickOf(g, w.aAgency.ID, w.pAgency.ID, data.NewID())
		v["date"], v["text"], v["percent"], v["completed"] = g.date(), g.text(), pickOf(g, 50, 100, 101, -1), g.n(2) == 0
	case data.KindIssuedDocument:
		v["series"] = pickOf(g, store.StateSeries("QT-A", 2026), store.StateSeries("QT", 2026), "x")
		v["number"], v["date"], v["subject"] = pickOf(g, 1, 2, 0, -3), g.date(), g.text()
	case data.KindTask:
		v["directive"], v["content"], v["lead"], v["deadline"] = w.pTask.Directive, g.text(), pickOf(g, w.aAgency.ID, w.pAgency.ID), g.date()
	case data.KindDirective:
		v["number"], v["date"], v["issuer"], v["summary"] = pickOf(g, "9-CV/TU", "bad"), g.date(), g.text(), g.text()
	case data.KindAgency:
		v["name"], v["office_code"] = g.text(), g.office()
	}
}
