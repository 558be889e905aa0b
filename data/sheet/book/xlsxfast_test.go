package book

import (
	"archive/zip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"qlhoi/data/sheet/internal/sheettest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"qlhoi/data"
)

// pkg writes a minimal xlsx package around a worksheet's XML (and a shared strings
// part when sst is not empty), as other programs than Excel write them.
func pkg(tb testing.TB, sheetXML, sst string) string {
	tb.Helper()
	path := filepath.Join(tb.TempDir(), "tay.xlsx")
	f, err := os.Create(path)
	require.NoError(tb, err)
	z := zip.NewWriter(f)
	parts := map[string]string{
		"[Content_Types].xml": `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
			`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
			`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
			`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
			`<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`,
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` +
			`<sheets><sheet name="DS" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
			`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml": sheetXML,
	}
	if sst != "" {
		parts["xl/sharedStrings.xml"] = sst
	}
	for name, body := range parts {
		w, err := z.Create(name)
		require.NoError(tb, err)
		_, err = w.Write([]byte(body))
		require.NoError(tb, err)
	}
	require.NoError(tb, z.Close())
	require.NoError(tb, f.Close())
	return path
}

func worksheet(data string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n" +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + data + `</sheetData></worksheet>`
}

func sharedStrings(items ...string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + strings.Join(items, "") + `</sst>`
}

// sameTable asserts that the fast reader reads the file as excelize does.
func sameTable(t testing.TB, path, sheet string) *Table {
	t.Helper()
	fast, err := readXLSXFast(path, sheet, DefaultLimits)
	require.NoError(t, err, "the fast reader reads this file itself")
	slow, err := readXLSXExcelize(path, sheet, DefaultLimits)
	require.NoError(t, err)
	assert.Equal(t, slow, fast)
	return fast
}

func TestFastReaderMatchesExcelize(t *testing.T) {
	excel := map[string]string{
		"shared strings, numbers, a title block and a merged two-row header": sheettest.WriteBook(t, "a.xlsx", [][]any{
			{"DANH SÁCH CÁC HỘI"}, {}, {"STT", "Tên hội", "Quyết định thành lập", nil, "Số hội viên"},
			{nil, nil, "Số", "Ngày"}, {1, "Hội Người cao tuổi & Cựu chiến binh <tỉnh>", "12/QĐ-UBND", 44362, 1234.5},
			{2, "  khoảng trắng  ", nil, nil, true}, {}, {3, "Hội \"Khuyến học\" 'xã'", "a\r\nb", "_x000D_ _x005F_x0041_ _xD800_ _xZZZZ_"},
		}, func(f *excelize.File) {
			require.NoError(t, f.MergeCell("Sheet1", "C3", "D3"))
			require.NoError(t, f.MergeCell("Sheet1", "A3", "A4"))
		}),
		"rich text and a formula": sheettest.WriteBook(t, "b.xlsx", [][]any{{"Tên"}}, func(f *excelize.File) {
			require.NoError(t, f.SetCellRichText("Sheet1", "B2", []excelize.RichTextRun{{Text: "Hội "}, {Text: "Nông dân", Font: &excelize.Font{Bold: true}}}))
			require.NoError(t, f.SetCellFormula("Sheet1", "C2", "=1+1"))
			require.NoError(t, f.SetCellValue("Sheet1", "D9", "xa"))
		}),
		"a hidden first sheet and 1904 dates": sheettest.WriteBook(t, "c.xlsx", [][]any{{"ẩn"}}, func(f *excelize.File) {
			_, err := f.NewSheet("Hiện")
			require.NoError(t, err)
			require.NoError(t, f.SetCellValue("Hiện", "A1", 42))
			require.NoError(t, f.SetSheetVisible("Sheet1", false))
			yes := true
			require.NoError(t, f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}))
		}),
	}
	for name, path := range excel {
		t.Run(name, func(t *testing.T) { sameTable(t, path, "") })
	}
	stream := sheettest.StreamBook(t, 50)
	t.Run("stream writer", func(t *testing.T) {
		tab := sameTable(t, stream, "")
		assert.Equal(t, "Hội Người cao tuổi xã số 49", tab.Rows[52][1])
	})

	hand := map[string][2]string{
		"inline strings, rich inline text, CDATA, entities, CRLF and comments": {worksheet(
			`<row r="2" spans="1:4"><c r="A2" t="inlineStr"><is><t xml:space="preserve"> Hội &amp; hè &#7897;&#x1EA1;</t></is></c>` +
				`<c r="C2" t="inlineStr"><is><r><rPr><b/></rPr><t>Hội </t></r><r><t><![CDATA[<Nông> & dân]]></t></r><rPh sb="0" eb="1"><t>x</t></rPh></is></c>` +
				"<!-- ghi chú --><c r=\"D2\" t=\"str\"><f>A1</f><v>dòng 1\r\ndòng 2\rdòng 3</v></c></row>" +
				`<row r="4"><c r="B4" s="3" t="b"><v>1</v></c><c r="E4" t="e"><v>#N/A</v></c><c r="F4" t="d"><v>2021-06-15T00:00:00Z</v></c><c r="G4"><v>1.5E+3</v></c></row>` +
				`<row r="5"/><row><c><v>7</v></c><c t="s"><v> 1 </v></c><c/><c t="s"><v>0</v></c></row>`), sharedStrings(`<si><t>Một</t></si>`, `<si><r><t>Hai </t></r><r><t>_x0033_</t></r></si>`)},
		"namespace prefixes, single quotes and lower-case references": {`<?xml version='1.0' encoding='utf-8'?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` +
			`<x:dimension ref='A1:B2'/><x:sheetData><x:row r='1'><x:c r='a1' t='inlineStr'><x:is><x:t>Tên hội</x:t></x:is></x:c><x:c r='b1' t='s'><x:v>0</x:v></x:c></x:row>` +
			`<x:row r='2' ><x:c r='B2' ><x:v >3</x:v ></x:c ></x:row></x:sheetData><x:mergeCells count='1'><x:mergeCell ref='A1:A2'/></x:mergeCells></x:worksheet>`, sharedStrings(`<si><t>Số</t></si>`)},
		"no shared strings part and empty values": {worksheet(`<row r="1"><c r="A1" t="s"/><c r="B1" t="str"><v></v></c><c r="C1"><v>0</v></c></row>`), ""},
	}
	for name, parts := range hand {
		t.Run(name, func(t *testing.T) { sameTable(t, pkg(t, parts[0], parts[1]), "") })
	}
}

// TestFastReaderLeavesOddXMLToExcelize: what the fast reader does not read is read
// by excelize, with the same result as before.
func TestFastReaderLeavesOddXMLToExcelize(t *testing.T) {
	cases := map[string][2]string{
		"a DTD":                     {`<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY h "Hội">]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&h;</t></is></c></row></sheetData></worksheet>`, ""},
		"an entity of HTML":         {worksheet(`<row r="1"><c r="A1" t="inlineStr"><is><t>a&nbsp;b</t></is></c></row>`), ""},
		"cells out of order":        {worksheet(`<row r="1"><c r="C1"><v>3</v></c><c r="A1"><v>1</v></c></row>`), ""},
		"rows out of order":         {worksheet(`<row r="3"><c r="A3"><v>3</v></c></row><row r="1"><c r="A1"><v>1</v></c></row>`), ""},
		"a shared string not there": {worksheet(`<row r="1"><c r="A1" t="s"><v>5</v></c><c r="B1"><v>2</v></c></row>`), sharedStrings(`<si><t>Một</t></si>`)},
		"an encoding of UTF-16":     {`<?xml version="1.0" encoding="UTF-16"?>` + worksheet(`<row r="1"><c r="A1"><v>1</v></c></row>`)[len(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>`):], ""},
		"mismatched tags":           {worksheet(`<row r="1"><c r="A1"><v>1</c></v></row>`), ""},
		"a control character":       {worksheet("<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a\x01b</t></is></c></row>"), ""},
	}
	for name, parts := range cases {
		t.Run(name, func(t *testing.T) {
			path := pkg(t, parts[0], parts[1])
			_, err := readXLSXFast(path, "", DefaultLimits)
			require.ErrorIs(t, err, errFallback)
			want, wantErr := readXLSXExcelize(path, "", DefaultLimits)
			got, err := Read(path, "", DefaultLimits)
			assert.Equal(t, want, got)
			assert.Equal(t, wantErr, err)
		})
	}
}

func TestFastReaderLimits(t *testing.T) {
	lim := DefaultLimits
	lim.MaxRows, lim.MaxCols = 10, 5
	_, err := Read(pkg(t, worksheet(`<row r="11"><c r="A11"><v>1</v></c></row>`), ""), "", lim)
	require.Error(t, err)
	assert.Contains(t, data.Message(err), "11 dòng, quá giới hạn 10 dòng")
	_, err = Read(pkg(t, `<worksheet><dimension ref="A1:B1000000"/><sheetData></sheetData></worksheet>`, ""), "", lim)
	require.Error(t, err)
	assert.Contains(t, data.Message(err), "1.000.000 dòng")
	_, err = Read(pkg(t, worksheet(`<row r="2"><c r="XFD2"><v>1</v></c></row>`), ""), "", lim)
	require.Error(t, err)
	assert.Contains(t, data.Message(err), "Dòng 2 có dữ liệu ở cột thứ 16384, quá giới hạn 5 cột")
	huge := strings.Repeat("Hội ", 300_000)
	for name, part := range map[string]string{"inline": `<is><t>` + huge + `</t></is>`, "CDATA": `<is><t><![CDATA[` + huge + `]]></t></is>`} {
		_, err = Read(pkg(t, worksheet(`<row r="1"><c r="A1" t="inlineStr">`+part+`</c></row>`), ""), "", lim)
		require.Error(t, err, name)
		assert.Equal(t, []string{ErrSheetTooLarge}, data.Codes(err), name)
		assert.Contains(t, data.Message(err), "một ô dài hơn 1 MB", name)
	}
	deep := strings.Repeat("<a>", 200_000)
	_, err = Read(pkg(t, `<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><extLst>`+deep+`</extLst></worksheet>`, ""), "", lim)
	require.Error(t, err)
	assert.Equal(t, []string{ErrSheetUnreadable}, data.Codes(err))
	assert.Contains(t, data.Message(err), "lồng quá sâu")
	tab, err := Read(pkg(t, worksheet(`<row r="2"><c r="XFD2"/><c r="A3"/></row>`), ""), "", lim)
	require.NoError(t, err, "empty cells far right are no data")
	assert.Equal(t, [][]string{nil, nil}, tab.Rows)
}

// FuzzFastReader builds worksheets from the input, either as it is (bytes) or from
// pieces of real sheets in the order the input picks, and checks that the fast reader
// never panics and, when it reads a sheet, reads it as excelize does.
//
//	go test ./data/sheet/ -run '^$' -fuzz FuzzFastReader -fuzztime 5m
func FuzzFastReader(f *testing.F) {
	for _, seed := range []string{"", "\x00\x01\x02\x03\x04\x05", "row row row", "\x01<worksheet><sheetData><row><c><v>1</v></c></row></sheetData></worksheet>",
		"\x00\x10\x21\x32\x43\x54\x65\x76\x87\x98\xa9\xba\xcb\xdc\xed\xfe"} {
		f.Add([]byte(seed))
	}
	pieces := []string{`<row>`, `<row r="3">`, `<row r="2"/>`, `</row>`, `<c>`, `<c r="B2">`, `<c r="A9" t="s">`, `<c t="inlineStr">`, `<c r="C5" t="str">`, `</c>`,
		`<v>`, `</v>`, `<is><t>`, `</t></is>`, `<is><r><t>`, `</t></r></is>`, `0`, `1`, ` 2 `, `Hội &amp; hè`, `&#x1EA1;`, `&lt;`, "\r\n", `<![CDATA[a<b]]>`,
		`<!-- x -->`, `_x000D_`, `<f>1+1</f>`, `<c r="b2"/>`, `</sheetData><sheetData>`, `<x:c r="D2">`, `</x:c>`, "Hội", `<v/>`, `<t>`, `</t>`}
	sst := sharedStrings(`<si><t>Một</t></si>`, `<si><r><t>Hai</t></r><r><t> ba</t></r></si>`, `<si/>`)
	f.Fuzz(func(t *testing.T, in []byte) {
		var body string
		if len(in) > 0 && in[0] == 1 {
			body = string(in[1:])
		} else {
			var b strings.Builder
			for _, x := range in {
				b.WriteString(pieces[int(x)%len(pieces)])
			}
			body = worksheet(b.String())
		}
		path := pkg(t, body, sst)
		fast, err := readXLSXFast(path, "", DefaultLimits)
		if err != nil {
			return
		}
		slow, err := readXLSXExcelize(path, "", DefaultLimits)
		if err != nil {
			return // excelize refuses what the fast reader reads
		}
		require.Equal(t, slow, fast)
	})
}

// TestDamagedSheetPartRefused: a sheet part whose bytes do not match its checksum is
// refused with a message (excelize alone reads it, changed cell and all).
func TestDamagedSheetPartRefused(t *testing.T) {
	var rows strings.Builder
	for i := 1; i <= 2000; i++ {
		fmt.Fprintf(&rows, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>Hội số %d</t></is></c></row>`, i, i, i)
	}
	path := filepath.Join(t.TempDir(), "hong.xlsx")
	f, err := os.Create(path)
	require.NoError(t, err)
	z := zip.NewWriter(f)
	src, err := zip.OpenReader(pkg(t, worksheet(rows.String()), ""))
	require.NoError(t, err)
	for _, part := range src.File {
		r, err := part.Open()
		require.NoError(t, err)
		w, err := z.CreateHeader(&zip.FileHeader{Name: part.Name, Method: zip.Store})
		require.NoError(t, err)
		_, err = io.Copy(w, r)
		require.NoError(t, err)
		r.Close()
	}
	require.NoError(t, src.Close())
	require.NoError(t, z.Close())
	require.NoError(t, f.Close())
	raw, err := os.ReadFile(path)
	require.NoError(t, err)
	at := strings.Index(string(raw), "Hội số 1999")
	require.Positive(t, at)
	raw[at+len("Hội số ")] = '7' // the stored bytes change, their checksum does not
	require.NoError(t, os.WriteFile(path, raw, 0o600))

	_, err = Read(path, "", DefaultLimits)
	require.Error(t, err)
	assert.Equal(t, []string{ErrSheetUnreadable}, data.Codes(err))
	assert.Contains(t, data.Message(err), "bị hỏng")
}

// The font of a cell says how its legacy text is typed: .VnTimeH (TCVN3, capitals
// only: "héi luËt gia" shows as "HỘI LUẬT GIA"), .VnTime (TCVN3), VNI-Times (VNI).
func TestLegacyFontsOfCells(t *testing.T) {
	path := sheettest.WriteBook(t, "fonts.xlsx", [][]any{
		{EncodeTCVN3("hội luật gia huyện gio linh"), EncodeTCVN3("Hội Người mù"), EncodeVNI("Hội Đông y"), "Hội Nông dân"},
	}, func(f *excelize.File) {
		for cell, font := range map[string]string{"A1": ".VnTimeH", "B1": ".VnTime", "C1": "VNI-Times", "D1": "Times New Roman"} {
			st, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Family: font}})
			require.NoError(t, err)
			require.NoError(t, f.SetCellStyle("Sheet1", cell, cell, st))
		}
	})
	tab, err := Read(path, "", DefaultLimits)
	require.NoError(t, err)
	assert.Equal(t, []string{"HỘI LUẬT GIA HUYỆN GIO LINH", "Hội Người mù", "Hội Đông y", "Hội Nông dân"}, tab.Rows[0])
}
