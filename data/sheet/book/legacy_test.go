package book

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"golang.org/x/text/unicode/norm"
)

// The legacy texts here are written with the old byte values (as the Latin-1
// characters an old workbook holds), not produced by the encoders under test.
func TestDecodeTCVN3Bytes(t *testing.T) {
	in := "H\u00e9i Ng\u00ad\u00eai cao tu\u00e6i" // "Héi Ng­êi cao tuæi" in .VnTime
	assert.Equal(t, TCVN3, Detect(in, Unicode))
	out, enc := Convert(in, Unicode)
	assert.Equal(t, TCVN3, enc)
	assert.Equal(t, "Hội Người cao tuổi", out)
	assert.True(t, norm.NFC.IsNormalString(out))
	// "§¶ng bé" = Đảng bộ; "Qu¶ng TrÞ" = Quảng Trị.
	out, _ = Convert("\u00a7\u00b6ng b\u00e9 Qu\u00b6ng Tr\u00de", Unicode)
	assert.Equal(t, "Đảng bộ Quảng Trị", out)
	// Capitals typed in .VnTimeH: lower-case codes under ASCII capitals.
	out, _ = Convert("H\u00e9I N\u00abNG D\u00a9N", TCVN3)
	assert.Equal(t, "HỘI NÔNG DÂN", out)
}

func TestDecodeVNIBytes(t *testing.T) {
	in := "Ho\u00e4i Ng\u00f6\u00f4\u00f8i cao tuo\u00e5i" // "Hoäi Ngöôøi cao tuoåi" in VNI-Times
	assert.Equal(t, VNI, Detect(in, Unicode))
	out, enc := Convert(in, Unicode)
	assert.Equal(t, VNI, enc)
	assert.Equal(t, "Hội Người cao tuổi", out)
	out, _ = Convert("Qua\u00fbng Tr\u00f2 \u00d1a\u00ebt", Unicode) // "Quaûng Trò Ñaët"
	assert.Equal(t, "Quảng Trị Đặt", out)
}

func TestUnicodeNeverConverted(t *testing.T) {
	for _, s := range []string{"Hội Người cao tuổi", "Tây Ninh", "Cà Mau", "Hội Khuyến học", "Café 25°C", "Phố Hàng Bè", "ABC", "123/QĐ-UBND"} {
		out, enc := Convert(s, Unicode)
		assert.Equal(t, Unicode, enc, s)
		assert.Equal(t, s, out, s)
	}
	// Text with a letter beyond Latin-1 is Unicode even in a TCVN3 sheet.
	out, enc := Convert("Hội Nông dân", TCVN3)
	assert.Equal(t, Unicode, enc)
	assert.Equal(t, "Hội Nông dân", out)
}

func TestLegacyRoundTrip(t *testing.T) {
	all := "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
	for _, w := range []string{all, "Hội Liên hiệp Phụ nữ tỉnh Quảng Trị", "Đoàn Thanh niên", "Hội Cựu chiến binh huyện Hướng Hóa"} {
		assert.Equal(t, w, DecodeTCVN3(EncodeTCVN3(w)), "TCVN3 %s", w)
		assert.Equal(t, w, DecodeVNI(EncodeVNI(w)), "VNI %s", w)
		if w != all {
			_, enc := Convert(EncodeTCVN3(w), Unicode)
			assert.Equal(t, TCVN3, enc, w)
			_, enc = Convert(EncodeVNI(w), Unicode)
			assert.Equal(t, VNI, enc, w)
		}
	}
}
