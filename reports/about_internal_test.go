package reports

import "testing"

// A trích yếu that starts with "Về" is not given a second "về"; one that does not gets it;
// "Vệ sinh" is not "về".
func TestAboutSummary(t *testing.T) {
	for in, want := range map[string]string{
		"Về tăng cường công tác dân vận":  "về tăng cường công tác dân vận",
		"Tăng cường công tác dân vận":     "về tăng cường công tác dân vận",
		"Vệ sinh an toàn thực phẩm":       "về vệ sinh an toàn thực phẩm",
		"về việc triển khai Quy định 118": "về việc triển khai Quy định 118",
		"  Về   việc rà soát các hội  ":   "về việc rà soát các hội",
	} {
		if got := aboutSummary(in); got != want {
			t.Errorf("aboutSummary(%q) = %q, want %q", in, got, want)
		}
	}
}

// Nơi nhận as NĐ 30 prints it: what the clerk typed around a recipient goes.
func TestCleanRecipients(t *testing.T) {
	got := cleanRecipients([]string{"Tỉnh ủy,", "- Ban Dân vận Trung ương;", "  ", "• Các huyện ủy.", "Lưu: VT, BDV."}, func(s string) string { return s })
	want := []string{"Tỉnh ủy", "Ban Dân vận Trung ương", "Các huyện ủy", "Lưu: VT, BDV"}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("got %q, want %q", got[i], want[i])
		}
	}
}
