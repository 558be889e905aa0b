package sheet

import (
	"context"
	"encoding/csv"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"qlhoi/data"
	"qlhoi/data/sheet/book"
	"qlhoi/data/store"
)

// The corpus: association lists written as offices write them — title blocks, one-,
// two- and three-row headers with merged groups, the wordings below (at least ten per
// field, modelled on published "danh sách hội" tables), upper-case headers, TCVN3 and
// VNI in headers and data, footers in capitals with a signer under them, total lines,
// blank rows inside the table, dates in every shape, CSV with ";" and ",".
//
// The files in testdata/corpus are made by corpusSpecs; rebuild them with
//
//	go test ./data/sheet/ -run TestCorpus -update-corpus
var updateCorpus = flag.Bool("update-corpus", false, "rewrite testdata/corpus from corpusSpecs")

const corpusFiles = 48

// wordings are single-cell headers of a field, as lists print them.
var wordings = map[string][]string{
	"name": {"Tên hội", "Tên tổ chức hội", "Tên hội quần chúng", "Tên tổ chức", "Tên đơn vị", "Tên gọi của hội",
		"Tên các hội", "Tên hội, tổ chức", "Tên tổ chức hội quần chúng", "Hội quần chúng", "Tên hội đặc thù"},
	"founding.number": {"Số QĐ thành lập", "Số quyết định thành lập", "Số, ký hiệu QĐ thành lập", "Số hiệu văn bản thành lập",
		"QĐ thành lập số", "Quyết định thành lập", "Số văn bản cho phép thành lập", "Ký hiệu quyết định thành lập",
		"Số QĐ cho phép thành lập", "Quyết định cho phép thành lập số"},
	"founding.date": {"Ngày thành lập", "Ngày QĐ thành lập", "Ngày ban hành QĐ thành lập", "Năm thành lập",
		"Ngày, tháng, năm thành lập", "Thời gian thành lập", "Ngày quyết định thành lập", "Ngày ký QĐ thành lập",
		"Ngày cho phép thành lập", "Ngày tháng thành lập hội"},
	"founding.issuer": {"Cơ quan ra quyết định thành lập", "Cơ quan ban hành QĐ thành lập", "Cơ quan quyết định thành lập",
		"Cấp ra quyết định thành lập", "Nơi ban hành quyết định thành lập", "Cơ quan cho phép thành lập",
		"Cơ quan ký QĐ thành lập", "Đơn vị ban hành QĐ thành lập", "Người ký quyết định thành lập", "Cơ quan ban hành", "Cấp quyết định"},
	"term_start": {"Bắt đầu nhiệm kỳ", "Nhiệm kỳ từ ngày", "Ngày bắt đầu nhiệm kỳ", "Nhiệm kỳ bắt đầu", "Thời gian bắt đầu nhiệm kỳ",
		"Nhiệm kỳ từ", "Nhiệm kỳ hiện tại từ ngày", "NK từ ngày", "Bắt đầu NK", "Ngày bắt đầu NK"},
	"term_end": {"Kết thúc nhiệm kỳ", "Nhiệm kỳ đến ngày", "Ngày kết thúc nhiệm kỳ", "Hết nhiệm kỳ", "Thời gian kết thúc nhiệm kỳ",
		"Nhiệm kỳ đến", "Ngày hết nhiệm kỳ", "NK đến ngày", "Kết thúc NK", "Nhiệm kỳ hiện tại đến ngày"},
	"congress_number": {"Đại hội lần thứ", "Nhiệm kỳ thứ", "Lần đại hội", "Đại hội khóa", "Nhiệm kỳ lần thứ", "Số lần đại hội",
		"Khóa đại hội", "Đại hội thứ", "Nhiệm kỳ khóa", "Đại hội nhiệm kỳ thứ"},
	"party_members": {"Số đảng viên", "Đảng viên", "Tổng số đảng viên", "Số lượng đảng viên", "Hội viên là đảng viên",
		"Đảng viên trong hội", "Số đảng viên trong hội", "Số hội viên là đảng viên", "Đảng viên (người)", "Số đảng viên sinh hoạt"},
	"full_time_staff": {"Số cán bộ chuyên trách", "Cán bộ chuyên trách", "Biên chế", "Số biên chế", "Số người làm việc chuyên trách",
		"Biên chế được giao", "Cán bộ chuyên trách (người)", "Chuyên trách", "Số lượng cán bộ chuyên trách", "Tổng số biên chế"},
}

// groups are two-row headers: a parent merged over its children.
var foundingParents = []string{"Quyết định thành lập", "QĐ thành lập", "Quyết định cho phép thành lập", "Thành lập", "Văn bản thành lập"}
var foundingChildren = [][3]string{{"Số", "Ngày", "Cơ quan ban hành"}, {"Số QĐ", "Ngày ban hành", "Cơ quan ký"},
	{"Số, ký hiệu", "Ngày, tháng, năm", "Cấp quyết định"}, {"Số hiệu", "Ngày ký", "Nơi ban hành"}}
var termParents = []string{"Nhiệm kỳ", "Nhiệm kỳ hiện tại", "Thời gian nhiệm kỳ", "NHIỆM KỲ"}
var termChildren = [][2]string{{"Từ ngày", "Đến ngày"}, {"Bắt đầu", "Kết thúc"}, {"Từ", "Đến"}}

// corpusRecord is what one row says.
type corpusRecord struct {
	name, number, issuer   string
	founded, start, end    data.Date
	congress, party, staff int
}

// corpusSpec is one file of the corpus and what reading it must give.
type corpusSpec struct {
	file    string
	rows    [][]string // the whole sheet, as written (encoded)
	merges  []string
	fields  []string // the field each column must map to ("-" for STT)
	records []corpusRecord
	csv     rune
}

// dateShapes write a day as offices type it.
var dateShapes = []func(d data.Date) string{
	func(d data.Date) string { return d.String() },
	func(d data.Date) string {
		return fmt.Sprintf("%d/%d/%d", d.Time().Day(), int(d.Time().Month()), d.Year())
	},
	func(d data.Date) string { return d.ISO() },
	func(d data.Date) string {
		return fmt.Sprintf("ngày %d tháng %d năm %d", d.Time().Day(), int(d.Time().Month()), d.Year())
	},
	func(d data.Date) string {
		return fmt.Sprintf("%02d-%02d-%d", d.Time().Day(), int(d.Time().Month()), d.Year())
	},
}

func corpusSpecs() []corpusSpec {
	var out []corpusSpec
	for i := range corpusFiles {
		out = append(out, corpusSpecOf(i))
	}
	return out
}

func corpusSpecOf(i int) corpusSpec {
	r := rand.New(rand.NewPCG(uint64(i), 19))
	pick := func(list []string) string { return list[(i+r.IntN(3))%len(list)] }
	enc := []string{"", "", "tcvn3", "vni"}[i%4]
	upper := i%5 == 1
	layout := i % 3 // 0: one row; 1: two rows (groups); 2: three rows (a band over the groups)
	type col struct{ field, top, mid, bottom string }
	var cols []col
	cols = append(cols, col{field: "-", bottom: []string{"STT", "TT", "Số TT", "Số thứ tự"}[i%4]})
	cols = append(cols, col{field: "name", bottom: pick(wordings["name"])})
	founding := []string{"founding.number", "founding.date", "founding.issuer"}
	term := []string{"term_start", "term_end"}
	if layout == 0 {
		for _, f := range append(append(founding, "congress_number"), term...) {
			cols = append(cols, col{field: f, bottom: wordings[f][(i+len(cols))%len(wordings[f])]})
		}
		// A weak wording ("Cơ quan ban hành") is only sure beside the founding columns,
		// which it is here.
	} else {
		fp, fc := foundingParents[i%len(foundingParents)], foundingChildren[i%len(foundingChildren)]
		for k, f := range founding {
			cols = append(cols, col{field: f, mid: fp, bottom: fc[k]})
		}
		cols = append(cols, col{field: "congress_number", mid: pick(wordings["congress_number"])})
		tp, tc := termParents[i%len(termParents)], termChildren[i%len(termChildren)]
		for k, f := range term {
			cols = append(cols, col{field: f, mid: tp, bottom: tc[k]})
		}
	}
	tail := []string{"party_members", "full_time_staff"}
	if i%2 == 1 {
		tail = []string{"full_time_staff", "party_members"}
	}
	for _, f := range tail {
		w := wordings[f][(i/2+len(cols))%len(wordings[f])]
		if layout == 2 {
			cols = append(cols, col{field: f, top: "Số lượng", mid: w})
		} else {
			cols = append(cols, col{field: f, bottom: w})
		}
	}
	text := func(s string) string {
		if upper {
			s = strings.ToUpper(s)
		}
		switch enc {
		case "tcvn3":
			return book.EncodeTCVN3(s)
		case "vni":
			return book.EncodeVNI(s)
		}
		return s
	}
	data1 := func(s string) string {
		switch enc {
		case "tcvn3":
			return book.EncodeTCVN3(s)
		case "vni":
			return book.EncodeVNI(s)
		}
		return s
	}
	width := len(cols)
	row := func(cells ...string) []string { return append(cells, make([]string, width-len(cells))...) }
	var sheet [][]string
	var merges []string
	cell := func(c, r int) string { n, _ := excelize.CoordinatesToCellName(c+1, r+1); return n }
	// The title block.
	if i%4 != 3 {
		sheet = append(sheet, row(data1("ỦY BAN NHÂN DÂN TỈNH QUẢNG TRỊ")), row(data1("SỞ NỘI VỤ")), row())
		title := row()
		for c := range title {
			title[c] = data1("DANH SÁCH CÁC HỘI CÓ TÍNH CHẤT ĐẶC THÙ NĂM 2025")
		}
		sheet = append(sheet, title, row(data1("(Kèm theo Công văn số 123/SNV-TCBC ngày 05/3/2025)")))
		merges = append(merges, cell(0, len(sheet)-2)+":"+cell(width-1, len(sheet)-2))
	}
	// The header: bottom-aligned levels, merged where a parent spans children.
	levels := 1 + min(layout, 2)
	first := len(sheet)
	hdr := make([][]string, levels)
	for l := range hdr {
		hdr[l] = row()
	}
	for c, cl := range cols {
		parts := []string{cl.top, cl.mid, cl.bottom}[3-levels:]
		if levels == 1 {
			parts = []string{cl.bottom}
		}
		// Texts fall to the lowest level they can: a column without children has its
		// header merged down.
		var filled []string
		for _, p := range parts {
			if p != "" {
				filled = append(filled, p)
			}
		}
		for l := range levels {
			if l < len(filled) {
				hdr[l][c] = text(filled[l])
			}
		}
		if len(filled) < levels && levels > 1 {
			merges = append(merges, cell(c, first+len(filled)-1)+":"+cell(c, first+levels-1))
		}
	}
	// Horizontal merges of repeated parents.
	for l := range levels {
		for c := 0; c < width; {
			e := c
			for e+1 < width && hdr[l][e+1] == hdr[l][c] && hdr[l][c] != "" && l < levels-1 {
				e++
			}
			if e > c {
				merges = append(merges, cell(c, first+l)+":"+cell(e, first+l))
				for k := c + 1; k <= e; k++ {
					hdr[l][k] = ""
				}
			}
			c = e + 1
		}
	}
	sheet = append(sheet, hdr...)
	if i%3 == 0 {
		nums := row()
		for c := range nums {
			nums[c] = fmt.Sprintf("(%d)", c+1)
		}
		sheet = append(sheet, nums)
	}
	// The records.
	var recs []corpusRecord
	n := 3 + i%4
	for k := range n {
		founded := data.NewDate(1990+(i*7+k*3)%30, time.Month(1+(i+k)%12), 1+(i*3+k)%28)
		start := data.NewDate(2021+k%3, time.Month(1+(k*5)%12), 1+(i+k*2)%28)
		rec := corpusRecord{
			name:     fmt.Sprintf("Hội %s %s", []string{"Nông dân", "Người cao tuổi", "Khuyến học", "Cựu giáo chức", "Chữ thập đỏ", "Đông y", "Luật gia"}[(i+k)%7], []string{"tỉnh Quảng Trị", "xã Gio Linh", "phường Đông Hà", "huyện Vĩnh Linh"}[(i*2+k)%4]),
			number:   fmt.Sprintf("%d/QĐ-UBND", 10+i*13+k),
			issuer:   []string{"UBND tỉnh Quảng Trị", "Sở Nội vụ", "UBND huyện Gio Linh"}[(i+k)%3],
			founded:  founded,
			start:    start,
			end:      start.AddYears(5).AddDays(-1),
			congress: 1 + (i+k)%6,
			party:    (i*17 + k*29) % 400,
			staff:    (i + k) % 9,
		}
		recs = append(recs, rec)
		shape := dateShapes[(i+k)%len(dateShapes)]
		line := row()
		for c, cl := range cols {
			var v string
			switch cl.field {
			case "-":
				v = fmt.Sprint(k + 1)
			case "name":
				v = data1(rec.name)
			case "founding.number":
				v = rec.number
			case "founding.date":
				v = shape(rec.founded)
			case "founding.issuer":
				v = data1(rec.issuer)
			case "term_start":
				v = shape(rec.start)
			case "term_end":
				v = shape(rec.end)
			case "congress_number":
				v = fmt.Sprint(rec.congress)
			case "party_members":
				v = fmt.Sprint(rec.party)
			case "full_time_staff":
				v = fmt.Sprint(rec.staff)
			}
			line[c] = v
		}
		sheet = append(sheet, line)
		if k == 1 && i%2 == 0 {
			sheet = append(sheet, row()) // a blank row inside the table
		}
	}
	// The end: a total line, the place and date, the signers in capitals, their names.
	if i%3 != 2 {
		total := row("", data1([]string{"Tổng cộng", "TỔNG CỘNG", "Cộng"}[i%3]))
		sum := 0
		for _, rec := range recs {
			sum += rec.party
		}
		for c, cl := range cols {
			if cl.field == "party_members" {
				total[c] = fmt.Sprint(sum)
			}
		}
		sheet = append(sheet, total)
	}
	sheet = append(sheet, row())
	place := row()
	place[width-2] = data1("Quảng Trị, ngày 05 tháng 3 năm 2025")
	sign := row("", data1([]string{"NGƯỜI LẬP BIỂU", "Người lập biểu", "NGƯỜI LẬP BẢNG"}[i%3]))
	sign[width-2] = data1([]string{"THỦ TRƯỞNG ĐƠN VỊ", "GIÁM ĐỐC", "KT. GIÁM ĐỐC"}[i%3])
	names := row("", data1("Nguyễn Thị Lan"))
	names[width-2] = data1("Trần Văn Hùng")
	sheet = append(sheet, place, sign, row(), names)

	fields := make([]string, width)
	for c, cl := range cols {
		fields[c] = cl.field
	}
	spec := corpusSpec{file: fmt.Sprintf("ds-hoi-%02d.xlsx", i), rows: sheet, merges: merges, fields: fields, records: recs}
	if i%8 == 5 || i%8 == 7 {
		spec.csv = []rune{';', ','}[i%8/7]
		spec.file = fmt.Sprintf("ds-hoi-%02d.csv", i)
		spec.merges = nil
	}
	return spec
}

func writeCorpusFile(t *testing.T, dir string, s corpusSpec) {
	path := filepath.Join(dir, s.file)
	if s.csv != 0 {
		f, err := os.Create(path)
		require.NoError(t, err)
		w := csv.NewWriter(f)
		w.Comma = s.csv
		require.NoError(t, w.WriteAll(s.rows))
		require.NoError(t, f.Close())
		return
	}
	f := excelize.NewFile()
	defer f.Close()
	for r, row := range s.rows {
		vals := make([]any, len(row))
		for c, v := range row {
			vals[c] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, r+1)
		require.NoError(t, f.SetSheetRow("Sheet1", cell, &vals))
	}
	for _, m := range s.merges {
		a, b, _ := strings.Cut(m, ":")
		require.NoError(t, f.MergeCell("Sheet1", a, b))
	}
	require.NoError(t, f.SaveAs(path))
}

// Every file of the corpus maps every column to its field, and imports exactly the
// records it holds; every header wording of the corpus maps to a field.
func TestCorpus(t *testing.T) {
	dir := filepath.Join("testdata", "corpus")
	specs := corpusSpecs()
	if *updateCorpus {
		require.NoError(t, os.RemoveAll(dir))
		require.NoError(t, os.MkdirAll(dir, 0o755))
		for _, s := range specs {
			writeCorpusFile(t, dir, s)
		}
	}
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	require.NoError(t, err)
	require.Len(t, files, len(specs), "testdata/corpus is rebuilt with -update-corpus")
	for field, list := range wordings {
		assert.GreaterOrEqual(t, len(list), 10, "wordings of %s", field)
	}
	ctx := context.Background()
	for _, spec := range specs {
		t.Run(spec.file, func(t *testing.T) {
			s := openStore(t)
			p, err := PreviewFile(ctx, s, filepath.Join(dir, spec.file), Options{Kind: KindHoi})
			require.NoError(t, err)
			got := make([]string, len(spec.fields))
			for _, c := range p.Columns {
				if c.Index < len(got) {
					got[c.Index] = c.Field
				}
			}
			require.Equal(t, spec.fields, got, "mapping; notes: %v", p.Notes)
			for _, r := range p.Rows {
				if r.Action == Fail {
					t.Errorf("line %d failed: %v", r.Line, r.Messages)
				}
			}
			require.Equal(t, len(spec.records), p.Counts[Create], "records created; rows: %+v", p.Rows)
			_, err = p.Apply(ctx, s)
			require.NoError(t, err)
			list, _, err := s.FindAssociations(ctx, store.AssociationFilter{})
			require.NoError(t, err)
			require.Len(t, list, len(spec.records))
			for _, want := range spec.records {
				i := slices.IndexFunc(list, func(a *data.Association) bool { return a.Name == want.name })
				require.GreaterOrEqual(t, i, 0, "%s imported; have %v", want.name, names(list))
				a := list[i]
				assert.Equal(t, want.number, a.Founding.Number, want.name)
				assert.Equal(t, want.founded, a.Founding.Date, want.name)
				assert.Equal(t, want.issuer, a.Founding.Issuer, want.name)
				assert.Equal(t, want.start, a.TermStart, want.name)
				assert.Equal(t, want.end, a.TermEnd, want.name)
				assert.Equal(t, want.congress, a.CongressNumber, want.name)
				assert.Equal(t, want.party, a.PartyMembers, want.name)
				assert.Equal(t, want.staff, a.FullTimeStaff, want.name)
			}
		})
	}
}

// Every single-cell wording maps to its field alone, wherever it stands.
func TestWordingsMapAlone(t *testing.T) {
	m := newMatcher(hoiSpec().fields)
	for field, list := range wordings {
		for _, w := range list {
			f, sure := m.match(w)
			assert.Equal(t, field, f, "%q", w)
			if !slices.Contains([]string{"Cơ quan ban hành", "Cấp quyết định"}, w) {
				assert.True(t, sure, "%q is sure", w)
			}
		}
	}
	// Words that exclude: a count of members is not one of party members, a short name
	// is not the name, a vice-president is not the president.
	for header, not := range map[string]string{"Số hội viên": "party_members", "Tên viết tắt": "name", "Phó Chủ tịch": "president",
		"Số QĐ phê duyệt điều lệ": "founding.number", "Cơ quan quản lý": "founding.issuer", "Ngày đại hội gần nhất": "founding.date"} {
		f, _ := m.match(header)
		assert.NotEqual(t, not, f, header)
	}
	// A weak sense without its neighbour is a question, not a mapping.
	cols := guessColumns([]string{"Tên hội", "Cơ quan ban hành", "Địa chỉ"}, m)
	assert.Equal(t, "", cols[1].Field)
	assert.Equal(t, "founding.issuer", cols[1].Guess)
	cols = guessColumns([]string{"Tên hội", "Số QĐ thành lập", "Cơ quan ban hành"}, m)
	assert.Equal(t, "founding.issuer", cols[2].Field)
}

func names(list []*data.Association) []string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.Name
	}
	return out
}
