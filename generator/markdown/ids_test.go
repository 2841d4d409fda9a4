package markdown

import (
	"strings"
	"testing"
)

// A heading's id is readable in the guide's languages: Vietnamese without
// its marks, as the entry's own address is made; Lao kept as Lao; a
// repeated heading numbered; every parse of the body (a page's Render,
// the build's Prepare and an exhibition's Story) the same.
func TestHeadingIDsReadInVietnameseAndLao(t *testing.T) {
	src := []byte("## Căn cứ dưới lòng đất\n\nA.\n\n## Ý nghĩa của trận đánh\n\nB.\n\n## Ý nghĩa của trận đánh\n\nC.\n\n## ປະຫວັດສາດ ຂອງ ຫຼັກໝາຍ\n\nD.\n\n## 27/9/1964 — Đồng Khởi\n\nE.\n\n## ???\n\nF.\n")
	r := New()
	html, err := r.Render(src, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<h2 id="can-cu-duoi-long-dat">Căn cứ dưới lòng đất</h2>`,
		`<h2 id="y-nghia-cua-tran-danh">Ý nghĩa của trận đánh</h2>`,
		`<h2 id="y-nghia-cua-tran-danh-1">Ý nghĩa của trận đánh</h2>`,
		`<h2 id="ປະຫວັດສາດ-ຂອງ-ຫຼັກໝາຍ">`,
		`<h2 id="27-9-1964-dong-khoi">`,
		`<h2 id="heading">???</h2>`,
	} {
		if !strings.Contains(string(html), want) {
			t.Errorf("rendered body lacks %s:\n%s", want, html)
		}
	}
	p := r.Prepare(src, func(string) bool { return false }, func(string) bool { return false })
	fin, err := r.Finish(p, nil)
	if err != nil {
		t.Fatal(err)
	}
	if string(fin) != string(html) {
		t.Errorf("Prepare and Finish give other ids than Render:\n%s\nwant:\n%s", fin, html)
	}
}
