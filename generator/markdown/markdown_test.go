package markdown

import (
	"strings"
	"testing"
)

type fakeResolver map[string]string

func (f fakeResolver) ResolveID(id string) (string, bool) {
	u, ok := f["id:"+id]
	return u, ok
}

func (f fakeResolver) ResolveFile(name string) (string, bool) {
	u, ok := f[name]
	return u, ok
}

func render(t *testing.T, src string) string {
	t.Helper()
	res := fakeResolver{"id:NT-002": "/vi/sites/dinh-phu-my/", "cong.jpg": "/media/sites/x/cong.jpg", "so-do.pdf": "/media/sites/x/so-do.pdf"}
	out, err := New().Render([]byte(src), res)
	if err != nil {
		t.Fatal(err)
	}
	return string(out)
}

func TestRender(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"[Đình](id:NT-002)", `<p><a href="/vi/sites/dinh-phu-my/">Đình</a></p>`},
		{"[x](id:NT-999)", `<p>x</p>`},
		{"<script>alert(1)</script>", `<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>`},
		{"a <b onclick=x>b</b>", `<p>a &lt;b onclick=x&gt;b&lt;/b&gt;</p>`},
		{"[x](javascript:alert(1))", `<p>x</p>`},
		{"[x](JaVaScRiPt:alert(1))", `<p>x</p>`},
		{"[x](data:text/html,hi)", `<p>x</p>`},
		{"![x](data:image/png;base64,AAAA)", `<p>x</p>`},
		{"<javascript:alert(1)>", `<p>javascript:alert(1)</p>`},
		{"[mail](mailto:a@b.vn) [tel](tel:+84123)", `<p><a href="mailto:a@b.vn">mail</a> <a href="tel:+84123">tel</a></p>`},
		{"![Cổng](cong.jpg)", `<p><img src="/media/sites/x/cong.jpg" alt="Cổng"></p>`},
		{"[sơ đồ](so-do.pdf#p2)", `<p><a href="/media/sites/x/so-do.pdf#p2">sơ đồ</a></p>`},
		{"| a | b |\n|---|---|\n| 1 | 2 |", "<table>"},
		{"# Lịch sử", `<h2 id=`},
		{"## Lịch sử", `<h2 id=`},
		{"https://example.vn/x", `<a href="https://example.vn/x">https://example.vn/x</a>`},
	} {
		if got := render(t, tc.in); !strings.Contains(got, tc.want) {
			t.Errorf("Render(%q) = %q, want it to contain %q", tc.in, got, tc.want)
		}
	}
	// A body whose top heading is h1 is shifted down, since the page title is the h1.
	if got := render(t, "# A\n\n## B"); !strings.Contains(got, "<h2") || !strings.Contains(got, "<h3") || strings.Contains(got, "<h1") {
		t.Errorf("heading shift: %s", got)
	}
}

func TestLinksHaveLines(t *testing.T) {
	src := "Đoạn một.\n\nXem [đình](id:NT-002)\nvà [xấu](javascript:x).\n\n![ảnh](cong.jpg)\n"
	got := New().Links([]byte(src))
	want := []Link{{"id:NT-002", 3, KindLink, ""}, {"javascript:x", 4, KindLink, ""}, {"cong.jpg", 6, KindImage, "ảnh"}}
	if len(got) != len(want) {
		t.Fatalf("Links = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("link %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}

func TestScheme(t *testing.T) {
	for in, want := range map[string]string{
		"https://x": "https", "id:NT-1": "id", "cong.jpg": "", "/a:b": "", "a/b:c": "", " JavaScript:x": "javascript", "#top": "",
	} {
		if got := Scheme(in); got != want {
			t.Errorf("Scheme(%q) = %q, want %q", in, got, want)
		}
	}
}
