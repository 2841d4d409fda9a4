package content

import (
	"strings"
	"testing"
)

const exhibitionFile = "content/exhibitions/vo-nguyen-giap/index.vi.md"

func TestExhibitionFieldsInheritAndRelatedIDsAreChecked(t *testing.T) {
	c, got := loadPlacards(t, map[string]string{
		placardSite:                      placardEntry(""),
		"content/sites/nhap/index.vi.md": "---\nid: NT-009\ntitle: Nháp\nsummary: Nháp.\nlocation: {lat: 10.7, lng: 106.8}\ndraft: true\n---\n",
		exhibitionFile: "---\nid: EX-001\ntitle: Đại tướng Võ Nguyên Giáp\nsummary: Cuộc đời.\nperiod: 1911–2013\n" +
			"placard: {installed: 2026-06-01, location: lối vào}\nrelated:\n  - NT-002\n  - NT-404\n  - NT-009\n  - EX-001\n---\n## 1911 — Tuổi thơ\n",
		"content/exhibitions/vo-nguyen-giap/index.en.md": "---\ntitle: General Vo Nguyen Giap\nsummary: His life.\n---\n## 1911 — Childhood\n",
	})
	want := []string{
		exhibitionFile + ":9: unknown related ID NT-404: no entry has this ID",
		exhibitionFile + ":10: related NT-009 is a draft (content/sites/nhap/index.vi.md): publish it or remove it from related",
		exhibitionFile + ":11: related EX-001 is this exhibition itself: list the places it is about",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	e := c.ByID["EX-001"]
	if e == nil || e.Kind != Exhibition {
		t.Fatalf("EX-001 is %+v", e)
	}
	en := e.Docs["en"]
	if en.Front.Period != "1911–2013" || len(en.Front.Related) != 4 || en.Front.Placard == nil || string(en.Body) != "## 1911 — Childhood\n" {
		t.Errorf("the translation inherits period, related and placard and keeps its own body: %+v %q", en.Front, en.Body)
	}
}

func TestPeriodAndRelatedOnlyOnExhibitions(t *testing.T) {
	_, got := loadPlacards(t, map[string]string{placardSite: placardEntry("period: 1930\nrelated: [NT-002]\n")})
	want := []string{
		placardSite + ":6: warning: field period is not used for sites and will not be shown",
		placardSite + ":7: warning: field related is not used for sites and will not be shown",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestATourStopThatIsAnExhibitionSaysSo(t *testing.T) {
	_, got := loadPlacards(t, map[string]string{
		exhibitionFile:                 "---\nid: EX-001\ntitle: Triển lãm\nsummary: Cuộc đời.\n---\n## 1911 — Tuổi thơ\n",
		"content/tours/di/index.vi.md": "---\nid: NT-T01\ntitle: Đi\nsummary: Đi.\nstops: [EX-001]\n---\n",
	})
	want := "content/tours/di/index.vi.md:5: tour stop EX-001 is an exhibition, not a site or marker"
	if len(got) != 1 || got[0] != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
