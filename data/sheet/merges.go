package sheet

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Merged ranges are read from the worksheet's XML directly: excelize's GetMergeCells
// decodes the whole sheet again, which costs more than reading its rows.

type mergeRange struct{ c1, r1, c2, r2 int } // 1-based

// sheetXMLPath finds the zip entry of the named worksheet through workbook.xml and its
// relationships.
func sheetXMLPath(z *zip.Reader, name string) (string, bool) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rel []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if !readXML(z, "xl/workbook.xml", &wb) || !readXML(z, "xl/_rels/workbook.xml.rels", &rels) {
		return "", false
	}
	for _, s := range wb.Sheets {
		if s.Name != name {
			continue
		}
		for _, r := range rels.Rel {
			if r.ID == s.RID {
				if strings.HasPrefix(r.Target, "/") {
					return strings.TrimPrefix(r.Target, "/"), true
				}
				return path.Join("xl", r.Target), true
			}
		}
	}
	return "", false
}

func readXML(z *zip.Reader, name string, v any) bool {
	f, err := z.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	return xml.NewDecoder(io.LimitReader(f, 16<<20)).Decode(v) == nil
}

// scanMerges lists the merged ranges of a worksheet by scanning its XML for
// <mergeCell ref="A1:B2"/>, chunk by chunk.
func scanMerges(r io.Reader) ([]mergeRange, error) {
	var out []mergeRange
	buf := make([]byte, 0, 1<<20)
	chunk := make([]byte, 1<<20)
	for {
		n, err := r.Read(chunk)
		buf = append(buf, chunk[:n]...)
		for {
			i := bytes.Index(buf, []byte("mergeCell "))
			if i < 0 {
				break
			}
			end := bytes.IndexByte(buf[i:], '>')
			if end < 0 {
				break // the tag continues in the next chunk
			}
			if m, ok := parseMergeTag(buf[i : i+end]); ok {
				out = append(out, m)
			}
			buf = buf[i+end:]
		}
		if len(buf) > 64 && bytes.Index(buf, []byte("mergeCell ")) < 0 {
			buf = append(buf[:0], buf[len(buf)-64:]...) // keep a tail a tag may start in
		}
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

func parseMergeTag(tag []byte) (mergeRange, bool) {
	i := bytes.Index(tag, []byte(`ref="`))
	if i < 0 {
		return mergeRange{}, false
	}
	ref := tag[i+5:]
	j := bytes.IndexByte(ref, '"')
	if j < 0 {
		return mergeRange{}, false
	}
	a, b, ok := strings.Cut(string(ref[:j]), ":")
	if !ok {
		return mergeRange{}, false
	}
	c1, r1, err1 := excelize.CellNameToCoordinates(a)
	c2, r2, err2 := excelize.CellNameToCoordinates(b)
	if err1 != nil || err2 != nil || c2 < c1 || r2 < r1 {
		return mergeRange{}, false
	}
	return mergeRange{c1, r1, c2, r2}, true
}

// readMerges returns the merged ranges of a sheet of an xlsx file; ok is false when the
// sheet's part could not be found (the caller asks excelize then).
func readMerges(file, sheet string) ([]mergeRange, bool, error) {
	z, err := zip.OpenReader(file)
	if err != nil {
		return nil, false, err
	}
	defer z.Close()
	p, found := sheetXMLPath(&z.Reader, sheet)
	if !found {
		return nil, false, nil
	}
	f, err := z.Open(p)
	if err != nil {
		return nil, false, nil
	}
	defer f.Close()
	m, err := scanMerges(f)
	return m, err == nil, err
}
