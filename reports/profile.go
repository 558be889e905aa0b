package reports

import (
	"fmt"
	"strings"

	"qlhoi/data"
)

// Profile is a document format as data: page, sizes, the header's right column, the
// marks under the issuer and the subject, how numbers and signing authority read.
// Sizes are in points, lengths in millimetres. Values the sources leave uncertain
// (OFFICIAL-FORMAT.md [M?]) are here, not in code, so an office can change them.
type Profile struct {
	Name string // "state" or "party"
	// Page margins.
	Top, Bottom, Left, Right float64
	// Body text: size, line height as a multiple of the size, space after a paragraph
	// (pt), first-line indent (mm).
	Body, LineHeight, ParaAfter, Indent float64
	// The header's right column: the national title and motto (State), or the Party's
	// title; the rule under the last line has the width of that line.
	RightLines []HeaderLine
	// The header's left column: superior body (regular) and issuing body (bold).
	IssuerSize float64
	// IssuerMark is what goes under the issuing body: "rule" (a line of 1/3 of its
	// width) or "star" (a centred *).
	IssuerMark string
	// NumberSize is the size of the number line; NumberFormat writes it from the
	// number, the type code and the issuer code.
	NumberSize   float64
	NumberFormat string // fmt: number, type code, issuer code
	// LetterNumberFormat is the number of a letter (công văn), which has no type code
	// in State documents.
	LetterNumberFormat string
	DateSize           float64
	// Type (BÁO CÁO) and subject sizes; SubjectMark is "rule" or "dashes".
	TypeSize, SubjectSize float64
	SubjectMark           string
	// Page numbers: size; shown from page 2, centred in the top margin.
	PageNumber float64
	// "Nơi nhận:" and the recipients.
	RecipientsTitle, Recipients float64
	// Signing block size and the authority prefixes ("TM.", "KT.", "TL." or "T/M"…).
	Sign                      float64
	OnBehalf, Deputy, ByOrder string
	// TableSize is the cell text size of tables. Tables sit in landscape
	// appendix-style pages; practice is 11–13 pt (OFFICIAL-FORMAT A1.3) and 11–12 pt
	// for the association table (C1), so 11 keeps a row of the list on one line.
	TableSize float64
}

// HeaderLine is one line of the header's right column.
type HeaderLine struct {
	Text  string
	Size  float64
	Style string // gofpdf style: "", "B", "I", "BI"
}

// State is the format of Decree 30/2020/NĐ-CP, Appendix I.
var State = Profile{
	Name: "state", Top: 20, Bottom: 20, Left: 30, Right: 15,
	Body: 14, LineHeight: 1.2, ParaAfter: 6, Indent: 10,
	RightLines: []HeaderLine{
		{"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 13, "B"},
		{"Độc lập - Tự do - Hạnh phúc", 14, "B"},
	},
	IssuerSize: 13, IssuerMark: "rule",
	NumberSize: 13, NumberFormat: "Số: %s/%s-%s", LetterNumberFormat: "Số: %s/%s",
	DateSize: 14, TypeSize: 14, SubjectSize: 14, SubjectMark: "rule",
	PageNumber: 14, RecipientsTitle: 12, Recipients: 11,
	Sign: 14, OnBehalf: "TM.", Deputy: "KT.", ByOrder: "TL.",
	TableSize: 11,
}

// Party is the format of Guideline 36-HD/VPTW.
var Party = Profile{
	Name: "party", Top: 20, Bottom: 20, Left: 30, Right: 15,
	Body: 14, LineHeight: 1.2, ParaAfter: 6, Indent: 10,
	RightLines: []HeaderLine{
		{"ĐẢNG CỘNG SẢN VIỆT NAM", 15, "B"},
	},
	IssuerSize: 14, IssuerMark: "star",
	NumberSize: 14, NumberFormat: "Số %s-%s/%s", LetterNumberFormat: "Số %s-CV/%s",
	DateSize: 14, TypeSize: 16, SubjectSize: 14, SubjectMark: "dashes",
	PageNumber: 14, RecipientsTitle: 12, Recipients: 11,
	Sign: 14, OnBehalf: "T/M", Deputy: "K/T", ByOrder: "T/L",
	TableSize: 11,
}

// ProfileByName returns the State or Party profile.
func ProfileByName(name string) (Profile, error) {
	switch strings.ToLower(name) {
	case "state", "":
		return State, nil
	case "party":
		return Party, nil
	}
	return Profile{}, ErrUnknownProfile
}

// ErrUnknownProfile is returned for a format other than state or party.
var ErrUnknownProfile = &data.Error{Code: "ErrUnknownProfile", Message: "Thể thức phải là “state” (văn bản hành chính) hoặc “party” (văn bản Đảng)."}

// Number writes a document's number line. number is "" for a draft, leaving the blank
// the clerk fills in by hand ("Số:      /BC-BDVTU").
func (p Profile) Number(number, typeCode, issuer string) string {
	if number == "" {
		number = "      "
	}
	if typeCode == "" {
		return fmt.Sprintf(p.LetterNumberFormat, number, issuer)
	}
	return fmt.Sprintf(p.NumberFormat, number, typeCode, issuer)
}

// PadNumber writes numbers below 10 with a leading zero (05, 12).
func PadNumber(n int) string { return fmt.Sprintf("%02d", n) }
