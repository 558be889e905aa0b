package exchange

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"qlhoi/data"
	"qlhoi/data/store"
)

// Hostile bundles from a trusted peer: correctly signed and encrypted, from a district
// whose software is buggy or whose operator oversteps. Each carries one forged record;
// the record is refused with a reason naming it, and nothing the province holds changes.

// world is a province with two districts that trust it, a commune under district A,
// and some of the province's own data.
type world struct {
	p, a, b    *store.Store
	commune    *data.Office
	pAssoc     *data.Association // the province's own association
	aAssoc     *data.Association // district A's association (known at the province)
	pAgency    *data.Agency      // a board of the province
	aAgency    *data.Agency      // district A's committee, as an agency of the province
	bAgency    *data.Agency      // district B's committee
	bTask      *data.Task        // led by district B's committee
	pTask      *data.Task        // led by the province's board
	aTask      *data.Task        // led by district A's committee
	register   *data.IssuedDocument
	pOfficeHLC string
	aOfficeHLC string
}

func newWorld(t testing.TB) *world {
	ctx := context.Background()
	w := &world{}
	w.p = office(t, "QT", "", data.LevelProvince)
	w.a = office(t, "QT-A", "QT", data.LevelDistrict)
	w.b = office(t, "QT-B", "QT", data.LevelDistrict)
	link(t, w.p, w.a)
	link(t, w.p, w.b)
	link(t, w.a, w.b)
	w.commune = &data.Office{Code: "QT-A-1", Name: "Đảng ủy xã Một", Level: data.LevelCommune, Parent: "QT-A"}
	require.NoError(t, w.a.Create(ctx, w.commune))
	w.aAssoc = assoc("Hội Chữ thập đỏ huyện A")
	require.NoError(t, w.a.Create(ctx, w.aAssoc))
	receive(t, w.p, send(t, w.a, "QT"))

	w.pAssoc = assoc("Hội Khuyến học tỉnh")
	w.pAssoc.Scope = data.ScopeProvince
	w.pAgency = &data.Agency{Name: "Ban Tổ chức Tỉnh ủy", Group: data.AgencyParty}
	w.aAgency = &data.Agency{Name: "Huyện ủy A", Group: data.AgencyLower, OfficeCode: "QT-A"}
	w.bAgency = &data.Agency{Name: "Huyện ủy B", Group: data.AgencyLower, OfficeCode: "QT-B"}
	dir := &data.Directive{Number: "7-CV/TU", Date: data.MustDate("01/06/2026"), Issuer: "BTV", Summary: "Triển khai"}
	require.NoError(t, w.p.CreateAll(ctx, []data.Record{w.pAssoc, w.pAgency, w.aAgency, w.bAgency, dir}))
	w.pTask = &data.Task{Directive: dir.ID, Content: "Việc của Ban Tổ chức", Lead: w.pAgency.ID, Deadline: data.MustDate("30/12/2026")}
	w.aTask = &data.Task{Directive: dir.ID, Content: "Việc của huyện A", Lead: w.aAgency.ID, Deadline: data.MustDate("30/12/2026")}
	w.bTask = &data.Task{Directive: dir.ID, Content: "Việc của huyện B", Lead: w.bAgency.ID, Deadline: data.MustDate("30/12/2026")}
	require.NoError(t, w.p.CreateAll(ctx, []data.Record{w.pTask, w.aTask, w.bTask}))
	doc, err := w.p.Issue(ctx, store.StateSeries("QT", 2026), func(n int) (*data.IssuedDocument, error) {
		return &data.IssuedDocument{Symbol: fmt.Sprintf("%02d/BC-BDVTU", n), Date: data.MustDate("20/11/2026"), DocType: "Báo cáo", Subject: "Tình hình hội"}, nil
	})
	require.NoError(t, err)
	w.register = doc
	receive(t, w.a, send(t, w.p, "QT-A"))
	po, err := w.p.OfficeByCode(ctx, "QT")
	require.NoError(t, err)
	ao, err := w.p.OfficeByCode(ctx, "QT-A")
	require.NoError(t, err)
	w.pOfficeHLC, w.aOfficeHLC = po.HLC, ao.HLC
	return w
}

// forge stamps a record as a new version written by office by over parents.
func forge(r data.Record, owner, by string, parents ...string) data.Record {
	m := data.MetaOf(r)
	if m.ID == "" {
		m.ID = data.NewID()
	}
	now := time.Now().UTC()
	if m.CreatedAt.IsZero() {
		m.CreatedAt = now
	}
	m.Office, m.By, m.Parents, m.UpdatedAt, m.Version = owner, by, parents, now, 1
	m.HLC = fmt.Sprintf("%016d.%05d.%s.beef", now.UnixMilli(), 7, by)
	return r
}

// records digests every record version the database holds, and its conflicts.
func records(t testing.TB, s *store.Store) string {
	t.Helper()
	h := sha256.New()
	counts, err := s.Counts(context.Background())
	require.NoError(t, err)
	fmt.Fprint(h, counts)
	err = s.EachChanged(context.Background(), 0, 1<<62, func(kind data.Kind, owner string, versions []jsonRaw) error {
		for _, v := range versions {
			h.Write(v)
		}
		return nil
	})
	require.NoError(t, err)
	conflicts, err := s.Conflicts(context.Background())
	require.NoError(t, err)
	fmt.Fprint(h, conflicts)
	return hex.EncodeToString(h.Sum(nil))
}

// hostile is one forged record and the words its refusal must contain.
type hostile struct {
	rec  func(w *world) data.Record
	want string
}

func hostileCases() map[string]hostile {
	ctx := context.Background()
	load := func(s *store.Store, kind data.Kind, id string) data.Record {
		r, err := s.Load(ctx, kind, id)
		if err != nil {
			panic(err)
		}
		return r
	}
	office := func(w *world, code string) *data.Office {
		return load(w.p, data.KindOffice, data.OfficeID(code)).(*data.Office)
	}
	return map[string]hostile{
		"association with a 2 MB address": {func(w *world) data.Record {
			a := assoc("Hội địa chỉ dài")
			a.Address = strings.Repeat("Đường Lê Duẩn ", 150_000)
			return forge(a, "QT-A", "QT-A")
		}, "dài quá 500 ký tự"},
		"association with the clock reading of a card": {func(w *world) data.Record {
			a := forge(assoc("Hội giả mạo"), "QT-A", "QT-A")
			data.MetaOf(a).HLC = store.CardHLC("QT-A")
			return a
		}, "dạng thẻ đơn vị"},
		"association naming a card reading as its parent": {func(w *world) data.Record {
			return forge(assoc("Hội giả mạo hai"), "QT-A", "QT-A", store.CardHLC("QT-A"))
		}, "dạng thẻ đơn vị"},
		"office record of the province owned by the district": {func(w *world) data.Record {
			o := office(w, "QT")
			o.Parent = "QT-A"
			return forge(o, "QT-A", "QT-A", w.pOfficeHLC)
		}, "không khớp"},
		"office record with the province's code under the district's id": {func(w *world) data.Record {
			o := &data.Office{Meta: data.Meta{ID: data.OfficeID("QT-A-9")}, Code: "QT", Name: "Tỉnh giả", Level: data.LevelProvince, Parent: "QT-A"}
			return forge(o, "QT", "QT-A")
		}, "không có quyền"},
		"sibling's office record re-parented under the district": {func(w *world) data.Record {
			o := office(w, "QT-B")
			o.Parent = "QT-A"
			return forge(o, "QT-B", "QT-A", o.HLC)
		}, "không có quyền"},
		"district re-parents itself to the top": {func(w *world) data.Record {
			o := office(w, "QT-A")
			o.Parent, o.Level = "", data.LevelProvince
			return forge(o, "QT-A", "QT-A", w.aOfficeHLC)
		}, "tự đổi cấp trên"},
		"district makes a cycle with its commune": {func(w *world) data.Record {
			o := office(w, "QT-A-1")
			o.Parent = "QT-A-1"
			return forge(o, "QT-A-1", "QT-A", o.HLC)
		}, "Đơn vị (mã "},
		"district moves its commune under the sibling": {func(w *world) data.Record {
			o := office(w, "QT-A-1")
			o.Parent = "QT-B"
			return forge(o, "QT-A-1", "QT-A", o.HLC)
		}, "ngoài phạm vi"},
		"district renames its commune": {func(w *world) data.Record {
			o := office(w, "QT-A-1")
			o.Name = "Tên khác"
			return forge(o, "QT-A-1", "QT-A", o.HLC)
		}, "chỉ được đổi cấp trên"},
		"register entry in the province's series": {func(w *world) data.Record {
			d := *w.register
			d.ID, d.Subject = "", "Văn bản giả"
			return forge(&d, "QT-A", "QT-A")
		}, "không phải sổ văn bản"},
		"register entry taking a number already used": {func(w *world) data.Record {
			d := &data.IssuedDocument{Series: store.StateSeries("QT-A", 2026), Number: 1, Symbol: "01/BC", Date: data.MustDate("20/11/2026"), DocType: "Báo cáo", Subject: "Thật"}
			// First a genuine entry of the district, already here, then one taking its number.
			return forge(d, "QT-A", "QT-A")
		}, "đã dùng"},
		"progress on the province's own task": {func(w *world) data.Record {
			u := &data.ProgressUpdate{Task: w.pTask.ID, Date: data.MustDate("20/11/2026"), Agency: w.pAgency.ID, Text: "Đã xong", Completed: true}
			return forge(u, "QT-A", "QT-A")
		}, "không phải của đơn vị QT-A"},
		"progress for the sibling district's committee": {func(w *world) data.Record {
			x := load(w.p, data.KindTask, w.bTask.ID).(*data.Task)
			u := &data.ProgressUpdate{Task: x.ID, Date: data.MustDate("20/11/2026"), Agency: w.bAgency.ID, Text: "Đã xong", Completed: true}
			return forge(u, "QT-A", "QT-A")
		}, "không phải của đơn vị QT-A"},
		"progress for an agency the task is not given to": {func(w *world) data.Record {
			u := &data.ProgressUpdate{Task: w.pTask.ID, Date: data.MustDate("20/11/2026"), Agency: w.aAgency.ID, Text: "Đã xong", Completed: true}
			return forge(u, "QT-A", "QT-A")
		}, "không được giao"},
		"progress dated 9999-12-31": {func(w *world) data.Record {
			u := &data.ProgressUpdate{Task: w.aTask.ID, Date: data.MustDate("31/12/9999"), Agency: w.aAgency.ID, Text: "Đã xong", Completed: true}
			return forge(u, "QT-A", "QT-A")
		}, "không hợp lý"},
		"district's own task due in year 9999": {func(w *world) data.Record {
			x := &data.Task{Directive: w.pTask.Directive, Content: "Việc huyện", Lead: w.aAgency.ID, Deadline: data.MustDate("31/12/9999")}
			return forge(x, "QT-A", "QT-A")
		}, "deadline"},
		"progress dated next month": {func(w *world) data.Record {
			u := &data.ProgressUpdate{Task: w.aTask.ID, Date: data.DateOf(time.Now().AddDate(0, 1, 0)), Agency: w.aAgency.ID, Text: "Đã xong", Completed: true}
			return forge(u, "QT-A", "QT-A")
		}, "chưa tới"},
		"leader of the province's association": {func(w *world) data.Record {
			l := &data.Leader{Association: w.pAssoc.ID, Term: 3, Position: "Chủ tịch", Name: "Nguyễn Văn Giả"}
			return forge(l, "QT-A", "QT-A")
		}, "không có quyền ghi vào hồ sơ hội"},
		"yearly figure of the province's association": {func(w *world) data.Record {
			y := &data.YearlyFigure{Association: w.pAssoc.ID, Year: 2026, Members: 1}
			return forge(y, "QT-A", "QT-A")
		}, "không có quyền ghi vào hồ sơ hội"},
		"yearly figure with donations of 9·10¹⁸ đồng": {func(w *world) data.Record {
			y := &data.YearlyFigure{Association: w.aAssoc.ID, Year: 2026, Members: 100, IncomeDonations: 9_000_000_000_000_000_000}
			return forge(y, "QT-A", "QT-A")
		}, "Thu tài trợ, ủng hộ 9.000.000.000.000.000.000 đồng là quá lớn"},
		"yearly figure with income of exactly 10¹⁵ đồng": {func(w *world) data.Record {
			y := &data.YearlyFigure{Association: w.aAssoc.ID, Year: 2026, Members: 100, IncomeOther: data.MaxAmount}
			return forge(y, "QT-A", "QT-A")
		}, "Thu hợp pháp khác"},
		"yearly figure with negative spending": {func(w *world) data.Record {
			y := &data.YearlyFigure{Association: w.aAssoc.ID, Year: 2026, Members: 100, IncomeDues: 5_000_000, Spending: -5_000_000}
			return forge(y, "QT-A", "QT-A")
		}, "Tổng chi không được âm"},
		"inspection of an association nobody has": {func(w *world) data.Record {
			i := &data.Inspection{Association: data.NewID(), Date: data.MustDate("01/11/2026"), Body: "UBKT", Content: "Kiểm tra"}
			return forge(i, "QT-A", "QT-A")
		}, "chưa có ở đơn vị này"},
		"version claiming to be written by the recipient": {func(w *world) data.Record {
			x := load(w.p, data.KindAssociation, w.aAssoc.ID).(*data.Association)
			x.Phone = "giả"
			return forge(x, "QT-A", "QT", x.HLC)
		}, "mang tên đơn vị này"},
		"version written by the sibling relayed by the district": {func(w *world) data.Record {
			x := load(w.p, data.KindAssociation, w.aAssoc.ID).(*data.Association)
			x.Phone = "giả"
			return forge(x, "QT-A", "QT-B", x.HLC)
		}, "không thuộc phạm vi"},
		"district edits the province's directive": {func(w *world) data.Record {
			d := load(w.p, data.KindDirective, w.pTask.Directive).(*data.Directive)
			d.Summary = "sửa trái phép"
			return forge(d, "QT", "QT-A", d.HLC)
		}, "không có quyền"},
		"district edits the province's task owner fields": {func(w *world) data.Record {
			x := load(w.p, data.KindTask, w.aTask.ID).(*data.Task)
			x.Deadline, x.Content = data.MustDate("01/01/2030"), "đổi nội dung"
			return forge(x, "QT", "QT-A", x.HLC)
		}, "không có quyền"},
		"version stamped in year 9999": {func(w *world) data.Record {
			x := forge(assoc("Hội tương lai"), "QT-A", "QT-A")
			data.MetaOf(x).HLC = "0253402300799000.00000.QT-A.beef"
			return x
		}, "01/01/10000"}, // the sender's reading on a Vietnamese clock
		"negative clock reading": {func(w *world) data.Record {
			x := forge(assoc("Hội âm"), "QT-A", "QT-A")
			data.MetaOf(x).HLC = "-000000000000001.00000.QT-A.beef"
			return x
		}, "không đúng dạng"},
		"clock reading naming another office": {func(w *world) data.Record {
			x := forge(assoc("Hội mạo danh"), "QT-A", "QT-A")
			data.MetaOf(x).HLC = fmt.Sprintf("%016d.00000.QT-B.beef", time.Now().UnixMilli())
			return x
		}, "nhưng phiên bản do đơn vị QT-A ghi"},
		"district agency reusing the id of the province's association": {func(w *world) data.Record {
			a := &data.Agency{Meta: data.Meta{ID: w.pAssoc.ID}, Name: "Cơ quan trùng mã", Group: data.AgencyParty}
			return forge(a, "QT-A", "QT-A")
		}, "loại khác"},
		"district association taking the id of an office not known yet": {func(w *world) data.Record {
			return forge(&data.Association{Meta: data.Meta{ID: data.OfficeID("QT-C")}, Name: "Hội chiếm mã", Scope: data.ScopeDistrict, Field: "Xã hội", Status: data.StatusActive}, "QT-A", "QT-A")
		}, "dạng mã của một đơn vị"},
		"short clock reading": {func(w *world) data.Record {
			x := forge(assoc("Hội ngắn"), "QT-A", "QT-A")
			data.MetaOf(x).HLC = "1.2.QT-A"
			return x
		}, "không đúng dạng"},
	}
}

func TestHostileRecordsRefused(t *testing.T) {
	ctx := context.Background()
	for name, c := range hostileCases() {
		t.Run(name, func(t *testing.T) {
			w := newWorld(t)
			if strings.Contains(name, "number already used") {
				genuine := &data.IssuedDocument{Series: store.StateSeries("QT-A", 2026), Number: 1, Symbol: "01/BC", Date: data.MustDate("20/11/2026"), DocType: "Báo cáo", Subject: "Thật"}
				receive(t, w.p, craft(t, w.a, w.p, []rawEntry{{"records/000001.jsonl", recordLine(t, forge(genuine, "QT-A", "QT-A"))}}, nil, nil))
			}
			rec := c.rec(w)
			id := data.MetaOf(rec).ID
			before := records(t, w.p)
			path := craft(t, w.a, w.p, []rawEntry{{"records/000001.jsonl", recordLine(t, rec)}}, nil, nil)
			bun, err := Open(ctx, w.p, path, DefaultLimits)
			require.NoError(t, err, "the bundle itself is sound")
			res, err := bun.Apply(ctx)
			require.NoError(t, err)
			require.Len(t, res.Outcomes, 1)
			o := res.Outcomes[0]
			assert.Equal(t, store.Refused, o.Class)
			assert.Equal(t, id, o.ID, "the refusal names the record")
			assert.Contains(t, o.Reason, c.want)
			// Named by its title ("Hội “…”") when it has one, else by its id.
			assert.True(t, strings.Contains(o.Reason, id) || strings.Contains(o.Reason, o.Kind.Label("vi")+" “"), o.Reason)
			assert.Equal(t, before, records(t, w.p), "nothing the province holds changed")
			assertClockNear(t, w.p)
		})
	}
}

// A genuine new office below the sender (a commune the district created, with its
// own first version and an association of its own, in any order in the bundle) is
// accepted, and so are moves an office above makes within its subtree.
func TestNewChildOfficeAccepted(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	c2 := &data.Office{Code: "QT-A-2", Name: "Đảng ủy xã Hai", Level: data.LevelCommune, Parent: "QT-A"}
	require.NoError(t, w.a.Create(ctx, c2))
	c3 := &data.Office{Code: "QT-A-3", Name: "Đảng ủy xã Ba", Level: data.LevelCommune, Parent: "QT-A-2"}
	c3.ID = data.OfficeID(c3.Code)
	c3rec := forge(c3, "QT-A-3", "QT-A")
	// The commune's own association, placed before its office in the bundle.
	ca := forge(assoc("Hội của xã Ba"), "QT-A-3", "QT-A-3")
	ca.(*data.Association).Scope = data.ScopeCommune
	// District A moves its first commune under the second one.
	moved := forge(load(t, w.p, data.KindOffice, data.OfficeID("QT-A-1")).(*data.Office), "QT-A-1", "QT-A")
	moved.(*data.Office).Parent = "QT-A-2"
	data.MetaOf(moved).Parents = []string{load(t, w.p, data.KindOffice, data.OfficeID("QT-A-1")).(*data.Office).HLC}
	body := append(recordLine(t, ca), recordLine(t, c3rec)...)
	body = append(body, recordLine(t, moved)...)
	res := receive(t, w.p, send(t, w.a, "QT"))
	assert.Equal(t, 1, res.Counts[data.KindOffice][store.Added], "the commune the district created")
	res = receive(t, w.p, craft(t, w.a, w.p, []rawEntry{{"records/000001.jsonl", body}}, nil, nil))
	for _, o := range res.Outcomes {
		assert.NotEqual(t, store.Refused, o.Class, "%s %s: %s", o.Kind, o.ID, o.Reason)
	}
	assert.Equal(t, 1, res.Counts[data.KindOffice][store.Added])
	assert.Equal(t, 1, res.Counts[data.KindOffice][store.Changed])
	assert.Equal(t, 1, res.Counts[data.KindAssociation][store.Added])
	sub, err := w.p.Subtree(ctx, "QT-A")
	require.NoError(t, err)
	assert.True(t, sub["QT-A-3"] && sub["QT-A-1"])
	got := load(t, w.p, data.KindOffice, data.OfficeID("QT-A-1")).(*data.Office)
	assert.Equal(t, "QT-A-2", got.Parent)
}

func load(t *testing.T, s *store.Store, kind data.Kind, id string) data.Record {
	t.Helper()
	r, err := s.Load(context.Background(), kind, id)
	require.NoError(t, err)
	return r
}

// A version naming itself as its parent, or versions naming each other, do not crash
// the merge: the record merges with a deterministic winner.
func TestSelfParentAndCycleDoNotPanic(t *testing.T) {
	w := newWorld(t)
	x := forge(assoc("Hội vòng lặp"), "QT-A", "QT-A")
	m := data.MetaOf(x)
	m.Parents = []string{m.HLC}
	v1, err := json.Marshal(x)
	require.NoError(t, err)
	first := m.HLC
	m.HLC = strings.Replace(first, ".00007.", ".00008.", 1)
	m.Parents = []string{first}
	x.(*data.Association).Phone = "2"
	v2, err := json.Marshal(x)
	require.NoError(t, err)
	// v1 names v2 too: a cycle.
	var v1m map[string]any
	require.NoError(t, json.Unmarshal(v1, &v1m))
	v1m["parents"] = []string{first, m.HLC}
	v1, err = json.Marshal(v1m)
	require.NoError(t, err)
	var line bytes.Buffer
	Line{Kind: data.KindAssociation, Versions: []json.RawMessage{v1, v2}}.encode(&line)
	line.WriteByte('\n')
	res := receive(t, w.p, craft(t, w.a, w.p, []rawEntry{{"records/000001.jsonl", line.Bytes()}}, nil, nil))
	assert.Equal(t, 1, res.Counts[data.KindAssociation][store.Added])
}

// assertClockNear checks the next local write is stamped with about the current time:
// no received reading moved the clock far ahead.
func assertClockNear(t *testing.T, s *store.Store) {
	t.Helper()
	ag := &data.Agency{Name: "Cơ quan kiểm tra đồng hồ"}
	require.NoError(t, s.Create(context.Background(), ag))
	var ms int64
	_, err := fmt.Sscanf(ag.HLC[:16], "%d", &ms)
	require.NoError(t, err)
	assert.InDelta(t, time.Now().UnixMilli(), ms, float64(25*time.Hour/time.Millisecond), "local clock reading %s", ag.HLC)
}

// Progress from the district for its own committee's task is accepted, and it changes
// only the task's progress fields at the province.
func TestProgressForOwnCommitteeAccepted(t *testing.T) {
	ctx := context.Background()
	w := newWorld(t)
	u := &data.ProgressUpdate{Task: w.aTask.ID, Date: data.MustDate("20/11/2026"), Agency: w.aAgency.ID, Text: "Đã triển khai", Percent: 60}
	require.NoError(t, w.a.Create(ctx, u))
	res := receive(t, w.p, send(t, w.a, "QT"))
	assert.Equal(t, 1, res.Counts[data.KindProgress][store.Added])
	got, err := store.Get[data.Task](ctx, w.p, w.aTask.ID)
	require.NoError(t, err)
	assert.Equal(t, 60, got.Percent)
	assert.Equal(t, data.MustDate("20/11/2026"), got.LastReport)
	assert.Equal(t, w.aTask.Content, got.Content)
	assert.Equal(t, w.aTask.Deadline, got.Deadline)
	assert.Equal(t, w.aTask.Lead, got.Lead)
	assert.Equal(t, "QT", got.Office)
}
