package sheet

import (
	"strings"
)

// Columns are recognised by what their header means, not by a list of spellings: the
// header is folded (case, diacritics, punctuation, spacing) into words, and each field
// has senses — groups of words that must all appear (each group a choice of phrases),
// and words that exclude it (“Số hội viên” is not “Số đảng viên”). The levels of a
// two- or three-row header count together (“Nhiệm kỳ / Từ ngày”). A weak sense is
// taken only when a neighbouring column confirms it (“Cơ quan ban hành” beside the
// founding decision's number or date); otherwise it is offered as a question.
//
// One vocabulary, here, for the window's import and qlhoictl import-sheet.

// sense is one way of saying a field: every group must match one of its phrases, and
// no phrase of not may appear. near, for a weak sense, lists the fields one of the two
// columns on either side must have for the sense to be sure.
type sense struct {
	groups [][]string
	not    []string
	near   []string
}

// means parses the vocabulary's notation: "so|ky hieu + thanh lap ! dieu le|ngay"
// (groups joined by "+", phrases by "|", exclusions after "!"); "~ founding.number
// founding.date" at the end makes it weak, confirmed by those neighbours.
func means(specs ...string) []sense {
	var out []sense
	for _, s := range specs {
		var sn sense
		if body, near, ok := strings.Cut(s, "~"); ok {
			s, sn.near = body, strings.Fields(near)
		}
		body, not, _ := strings.Cut(s, "!")
		for _, g := range strings.Split(body, "+") {
			sn.groups = append(sn.groups, phrases(g))
		}
		if strings.TrimSpace(not) != "" {
			sn.not = phrases(not)
		}
		out = append(out, sn)
	}
	return out
}

func phrases(s string) []string {
	var out []string
	for _, p := range strings.Split(s, "|") {
		if p = strings.Join(strings.Fields(p), " "); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// vocabulary holds the senses of each field key, for every kind of import (a key means
// the same in each: term_start is a term's start wherever it is).
var vocabulary = map[string][]sense{
	// Associations.
	"name": means("ten + hoi|to chuc|don vi|hoi quan chung|goi ! viet tat|tat|chu tich|ho ten|ho va ten|nguoi|co quan|lanh dao|can bo",
		"hoi quan chung|to chuc hoi|ten ! viet tat|tat|chu tich|ho ten|nguoi|co quan|so|ngay|nam|lanh dao|dang|hoi vien"),
	"short_name": means("viet tat|ten tat|ky hieu ten"),
	"scope":      means("pham vi|cap hoi|cap to chuc|cap ! quyet dinh|qd|ban hanh|ky|nguoi|co quan|uy vien"),
	"field":      means("linh vuc|nganh nghe|nganh ! co quan|quan ly|chu quan"),
	"assigned":   means("giao nhiem vu|duoc dang nha nuoc giao|duoc giao nhiem vu"),
	"special":    means("dac thu ! ten|so|ngay"),
	"founding.number": means("so|so hieu|ky hieu|qd|quyet dinh + thanh lap|cho phep thanh lap ! ngay|nam|dieu le|co quan|noi|cap|hoi vien|dang vien|nguoi|ban hanh",
		"so qd|so quyet dinh|so ky hieu|so hieu|so van ban ! ngay|dieu le ~ founding.date founding.issuer"),
	"founding.date": means("ngay|nam|thoi gian|thang + thanh lap|cho phep thanh lap ! dieu le|nhiem ky|dai hoi|co quan|so|ky hieu|noi",
		"ngay|ngay ban hanh|ngay ky|ngay qd|ngay quyet dinh ! dieu le|nhiem ky|dai hoi ~ founding.number founding.issuer"),
	"founding.issuer": means("co quan|cap|noi|don vi|nguoi + ban hanh|quyet dinh|ra quyet dinh|ky|cho phep + thanh lap ! dieu le|quan ly|chu quan|ngay|so",
		"co quan ban hanh|noi ban hanh|cap ban hanh|cap quyet dinh|co quan quyet dinh|co quan ky|nguoi ky|don vi ban hanh ~ founding.number founding.date"),
	"charter.number":  means("so|so hieu|ky hieu|qd|quyet dinh + dieu le ! ngay|nam|co quan|noi|cap"),
	"charter.date":    means("ngay|nam + dieu le ! so|ky hieu|co quan|noi"),
	"managing_body":   means("co quan|bo|so|nganh + quan ly|chu quan|quan ly nha nuoc ! theo doi|nguoi|uy vien"),
	"address":         means("dia chi|tru so|noi lam viec ! email|thu dien tu|mail"),
	"phone":           means("dien thoai|dt|sdt|so dt|di dong"),
	"email":           means("email|e mail|thu dien tu|mail"),
	"congress_number": means("dai hoi|nhiem ky|nk + lan|lan thu|thu|khoa ! ngay|nam|tu|den|du kien|toi|gan nhat|bat dau|ket thuc"),
	"term_start": means("nhiem ky|nk + tu|tu ngay|bat dau|ngay bat dau ! den|ket thuc|het|thu|lan|khoa",
		"tu ngay|ngay bat dau|bat dau|tu ~ term_end"),
	"term_end": means("nhiem ky|nk + den|den ngay|ket thuc|het|ngay het|ngay ket thuc ! tu ngay|bat dau|thu|lan|khoa",
		"het nhiem ky|ket thuc nhiem ky|het nk|ket thuc nk",
		"den ngay|ngay ket thuc|ket thuc|den ~ term_start"),
	"last_congress":   means("dai hoi + gan nhat|gan day|vua qua|lan gan nhat|ngay to chuc|ngay ! toi|du kien|tiep theo|lan thu|thu|khoa|so"),
	"next_congress":   means("dai hoi + toi|du kien|tiep theo|nhiem ky toi ! lan thu|so"),
	"party_org":       means("to chuc dang|chi bo|dang bo|dang uy ! so|dang vien"),
	"party_members":   means("dang vien ! to chuc|chi bo|dang uy|dang bo"),
	"full_time_staff": means("chuyen trach|bien che ! hop dong"),
	"contract_staff":  means("hop dong ! chuyen trach|bien che"),
	"followed_by":     means("theo doi|phu trach ! linh vuc"),
	"status":          means("tinh trang|trang thai|hien trang"),
	"note":            means("ghi chu"),
	"president":       means("chu tich|nguoi dung dau|truong hoi ! pho|uy vien|so"),
	"members":         means("hoi vien|thanh vien ! dang vien|dang|ban chap hanh|ban thuong vu"),
}

// headerWords splits a header key ("quyet dinh thanh lap/so") into its words.
func headerWords(key string) []string {
	return strings.Fields(strings.ReplaceAll(key, "/", " "))
}

// hasPhrase tells whether the words hold phrase's words in a row.
func hasPhrase(words []string, phrase string) bool {
	p := strings.Fields(phrase)
	for i := 0; i+len(p) <= len(words); i++ {
		j := 0
		for j < len(p) && words[i+j] == p[j] {
			j++
		}
		if j == len(p) {
			return true
		}
	}
	return false
}

// score tells how well a header's words say a field through sn: the share of the
// header's words its phrases cover, or 0 when a group is missing or a word excludes it.
func (sn sense) score(words []string) float64 {
	for _, n := range sn.not {
		if hasPhrase(words, n) {
			return 0
		}
	}
	covered := 0
	for _, g := range sn.groups {
		best := 0
		for _, p := range g {
			if n := len(strings.Fields(p)); n > best && hasPhrase(words, p) {
				best = n
			}
		}
		if best == 0 {
			return 0
		}
		covered += best
	}
	return float64(covered) / float64(len(words))
}

// guess is a field a header may mean, and how sure.
type guess struct {
	field string
	score float64
	near  []string // a weak sense: the neighbours that would confirm it
}

// bestGuess returns the field whose senses say the header best, among keys. A tie
// between two fields, or a weak sense, is returned unsure.
func bestGuess(key string, keys map[string]Field) (g guess, sure bool) {
	words := headerWords(key)
	if len(words) == 0 {
		return guess{}, false
	}
	var second float64
	for f := range keys {
		for _, sn := range vocabulary[f] {
			s := sn.score(words)
			if s == 0 {
				continue
			}
			switch {
			case s > g.score || s == g.score && f < g.field:
				if g.field != f {
					second = max(second, g.score)
				}
				g = guess{field: f, score: s, near: sn.near}
			case g.field != f:
				second = max(second, s)
			}
		}
	}
	return g, g.field != "" && len(g.near) == 0 && g.score > second
}
