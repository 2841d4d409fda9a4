package scaffold

import (
	"errors"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/diachido/diachido/generator/content"
	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
)

// Module is diachido's Go module; the workflows a guide gets install
// Module + "/cmd/diachido" at a pinned version.
const Module = "github.com/diachido/diachido"

// InstallCommand is the command that installs diachido at version.
func InstallCommand(version string) string {
	return "go install " + Module + "/cmd/diachido@" + version
}

// BuildCommand is the build the GitHub workflow runs; GitLab's writes
// into public/ instead, the folder GitLab Pages publishes.
const BuildCommand = "diachido build -source . -output output -cache-dir .cache"

// LedgerHeader is the comment an empty ids.lock starts with: the same
// text a build writes at the top of the ledger (package site), so that the
// first build that publishes an ID changes only the lines below it.
const LedgerHeader = `# diachido printed-ID ledger: every ID ever published, and its page.
# "diachido build" adds new IDs and follows renamed folders. Never delete a
# line: a placard on a wall may carry the ID. To retire an ID, map it in
# site.yaml under retired: to the ID that replaces it, or to a notice.
`

// Guide says what `diachido init` writes: a new guide repository holding
// content, not generator code.
type Guide struct {
	// Title is the guide's name; "" gives each language its default
	// ("Địa chỉ đỏ", "Red Addresses"). A title given is used for every
	// language, each other than the first marked for translation.
	Title string
	// Organization is shown in the footer and on placards; may be "".
	Organization string
	// BaseURL is the address the guide is published at; "" writes
	// PlaceholderBaseURL.
	BaseURL string
	// Languages are language codes, the first the default.
	Languages []string
	// IDPrefix numbers the entries: PREFIX-001, PREFIX-002…
	IDPrefix string
	// Version is the diachido module version the workflows install.
	Version string
	// GoVersion is the Go release the workflows install it with ("1.26").
	GoVersion string
	// Untranslated are languages the default theme has no interface
	// strings for: site.yaml says so beside them.
	Untranslated []string
	// Today fills the example entries' `updated`.
	Today time.Time
}

// PlaceholderBaseURL is site.yaml's baseURL when none is given: a
// reserved documentation domain, so that nothing real is ever printed on a
// placard by mistake.
const PlaceholderBaseURL = "https://example.org/"

// File is one file of a new guide.
type File struct {
	Path string // slash-separated, relative to the guide's folder
	Data []byte
}

// defaultTitles are the guide's name where no -title is given.
var defaultTitles = map[string]string{"vi": "Địa chỉ đỏ", "en": "Red Addresses"}

// LanguageName is a language's name in itself, from CLDR ("Tiếng Việt",
// "English", "ລາວ"), or the code when CLDR has none.
func LanguageName(code string) string {
	tag, err := language.Parse(code)
	if err != nil {
		return code
	}
	if n := display.Self.Name(tag); n != "" {
		r := []rune(n)
		// CLDR writes some names in lowercase ("tiếng Việt"); a menu
		// entry starts with a capital.
		return strings.ToUpper(string(r[:1])) + string(r[1:])
	}
	return code
}

// RenderGuide returns every file of a new guide, sorted by path: site.yaml,
// one draft example entry of each kind (the templates `new` writes, filled
// in so that `build -drafts` shows them), ids.lock, a README for editors,
// .gitignore, and the GitHub Pages and GitLab Pages workflows installing
// diachido at g.Version.
func RenderGuide(g Guide) ([]File, error) {
	if len(g.Languages) == 0 {
		return nil, errors.New("no languages")
	}
	if g.IDPrefix == "" {
		return nil, errors.New("no ID prefix")
	}
	if g.Version == "" || strings.ContainsAny(g.Version, " \t\n\"'$`\\") {
		return nil, fmt.Errorf("invalid version %q", g.Version)
	}
	if g.GoVersion == "" {
		g.GoVersion = "stable"
	}
	if g.BaseURL == "" {
		g.BaseURL = PlaceholderBaseURL
	}
	var files []File
	add := func(p string, data []byte) { files = append(files, File{p, data}) }

	add("site.yaml", []byte(siteYAML(g)))
	examples, err := exampleEntries(g)
	if err != nil {
		return nil, err
	}
	files = append(files, examples...)
	add("ids.lock", []byte(LedgerHeader))
	add(".gitignore", []byte(gitignore))
	add("README.md", []byte(editorsReadme(g)))
	add(".github/workflows/pages.yml", []byte(githubWorkflow(g)))
	add(ReportWorkflowPath, []byte(reportWorkflow(g)))
	add(".gitlab-ci.yml", []byte(gitlabCI(g)+gitlabReportJob))
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

func siteYAML(g Guide) string {
	var b strings.Builder
	w := lineWriter(&b)
	w("# Cài đặt của trang. Dòng bắt đầu bằng # là ghi chú, không có tác dụng.",
		"# The guide's settings. Lines starting with # are notes and do nothing.",
		"",
		"# Địa chỉ trang được đăng, kết thúc bằng /. Mã QR trên bảng in trỏ về đây: chọn một lần rồi giữ nguyên.",
		"# The address the guide is published at, ending in /. Placards point here: choose it once and keep it.",
		"#   GitHub Pages: https://<tài-khoản / account>.github.io/<kho / repository>/",
		"#   GitLab Pages: https://<nhóm / group>.gitlab.io/<dự án / project>/",
		"baseURL: "+strconv.Quote(g.BaseURL),
		"",
		"# Ngôn ngữ: ngôn ngữ đầu tiên là ngôn ngữ chính (bài viết index.<mã>.md); title là tên trang bằng ngôn ngữ đó.",
		"# Languages: the first is the default (entries are index.<code>.md); title is the guide's name in that language.",
		"languages:",
	)
	untranslated := map[string]bool{}
	for _, l := range g.Untranslated {
		untranslated[l] = true
	}
	def := g.Languages[0]
	for i, code := range g.Languages {
		title, translate := g.Title, i > 0 && g.Title != ""
		if title == "" {
			title = defaultTitles[code]
			if title == "" {
				title, translate = titleFor(def), true
			}
		}
		w("  - code: " + code)
		w("    name: " + strconv.Quote(LanguageName(code)))
		if untranslated[code] {
			w("    # Giao diện mặc định chưa có chữ (menu, nút) bằng tiếng "+code+": các trang "+code+" hiện chữ tiếng "+def+" cho đến khi có người dịch trong i18n/"+code+".yaml.",
				"    # The default theme has no interface strings (menus, buttons) in "+code+" yet: "+code+" pages show the "+def+" ones until someone translates them in i18n/"+code+".yaml.")
		}
		if translate {
			w("    # Hãy dịch tên này / Translate this title")
		}
		w("    title: " + strconv.Quote(title))
	}
	w("",
		"# Tên đơn vị, in ở cuối trang và trên bảng QR, ví dụ Huyện đoàn Nhơn Trạch",
		"# The organisation, shown in the footer and on placards",
		"organization: "+strconv.Quote(g.Organization),
		"",
		"# Tiền tố mã: `diachido new` đánh số bài mới "+g.IDPrefix+"-001, "+g.IDPrefix+"-002… Mã được in trên bảng QR.",
		"# ID prefix: `diachido new` numbers new entries "+g.IDPrefix+"-001, "+g.IDPrefix+"-002… IDs are printed on placards.",
		"idPrefix: "+g.IDPrefix,
		"",
		"# Biểu trưng in trên bảng QR (tệp .png hoặc .jpg trong kho này) / Logo printed on placards (a .png or .jpg in this repository)",
		"# logo: assets/logo.png",
		"",
		"# Bản đồ nền: ghi công (attribution) luôn được hiện / Map tiles: the attribution is always shown",
		"map:",
		"  tiles: https://tile.openstreetmap.org/{z}/{x}/{y}.png",
		`  attribution: "© OpenStreetMap contributors"`,
		"",
		"# Khổ giấy bảng QR: A3, A4, A5, Letter / Placard paper sizes",
		"placards:",
		"  paper: [A4, A5]",
	)
	return b.String()
}

// titleFor is the default title of the default language, for languages
// without one of their own.
func titleFor(def string) string {
	if t := defaultTitles[def]; t != "" {
		return t
	}
	return defaultTitles["vi"]
}

// example is one example entry: what `new` would write for the kind,
// then the lines filled in that a draft needs to build.
type example struct {
	kind      content.Kind
	vi, en    string // titles
	summaryVi string
	summaryEn string
}

var examples = []example{
	{content.Site, "Di tích mẫu", "Example relic site",
		"Bài mẫu cho thấy cách viết một di tích: thay bằng di tích của đơn vị bạn, hoặc xóa thư mục này.",
		"An example showing how a relic site is written: replace it with one of yours, or delete this folder."},
	{content.Marker, "Cột mốc mẫu", "Example border marker",
		"Bài mẫu cho thấy cách viết một cột mốc biên giới: thay bằng cột mốc thật, hoặc xóa thư mục này.",
		"An example showing how a border marker is written: replace it with a real one, or delete this folder."},
	{content.Tour, "Hành trình mẫu", "Example tour",
		"Bài mẫu: một hành trình qua di tích mẫu và cột mốc mẫu.",
		"An example: a route through the example site and the example marker."},
	{content.Page, "Giới thiệu", "About",
		"Trang giới thiệu mẫu: ai làm trang này và cách liên hệ.",
		"An example about page: who makes this guide and how to reach them."},
}

func exampleEntries(g Guide) ([]File, error) {
	lang := g.Languages[0]
	var files []File
	var ids []string
	for _, ex := range examples {
		id, err := NextID(g.IDPrefix, ids)
		if err != nil {
			return nil, err
		}
		title, summary := ex.en, ex.summaryEn
		if lang == "vi" {
			title, summary = ex.vi, ex.summaryVi
		}
		p, data, err := Render(Entry{Kind: ex.kind, Title: title, ID: id, Lang: lang, Today: g.Today})
		if err != nil {
			return nil, err
		}
		repl := []string{`summary: ""`, "summary: " + strconv.Quote(summary)}
		switch ex.kind {
		case content.Site:
			// Hoàn Kiếm Lake, Hà Nội: a place every reader knows is not theirs.
			repl = append(repl, "  lat:    #", "  lat: 21.0287    #", "  lng:    #", "  lng: 105.8524   #")
		case content.Marker:
			// On the Việt Nam–Laos border in Quảng Nam.
			repl = append(repl, "  lat:    #", "  lat: 15.9061    #", "  lng:    #", "  lng: 107.4025   #",
				`  number: ""   #`, `  number: "000" #`,
				`  type: ""     #`, `  type: main     #`,
				`  border: ""   #`, `  border: VN-LA  #`)
		case content.Tour:
			repl = append(repl, "stops: []", "stops: ["+ids[0]+", "+ids[1]+"]")
		}
		if ex.kind.Located() {
			// How a source is written; check warns about entries without.
			repl = append(repl, "# sources:\n#   - title: Tên bài báo hoặc văn bản, cơ quan, năm\n#     url: https://...\n",
				"sources:\n  - title: Tên bài báo hoặc văn bản, cơ quan, năm\n    url: https://example.org/\n")
		}
		if data, err = fill(data, repl...); err != nil {
			return nil, fmt.Errorf("example %s: %w", ex.kind, err)
		}
		files = append(files, File{p, data})
		ids = append(ids, id)
		// A translation into each other language we have the text in,
		// showing that it holds only what differs.
		for _, l := range g.Languages[1:] {
			if l != "vi" && l != "en" {
				continue
			}
			title, summary := ex.en, ex.summaryEn
			if l == "vi" {
				title, summary = ex.vi, ex.summaryVi
			}
			tr := "---\n" +
				"# Bản dịch: chỉ ghi những gì khác bài " + path.Base(p) + " (tên, tóm tắt, nội dung); mọi trường khác lấy từ đó / A translation: only what differs from " + path.Base(p) + " (title, summary, text); every other field comes from it\n" +
				"title: " + strconv.Quote(title) + "\n" +
				"# Tóm tắt / Summary\n" +
				"summary: " + strconv.Quote(summary) + "\n" +
				"---\n\n" + body(ex.kind, l)
			files = append(files, File{path.Join(path.Dir(p), "index."+l+".md"), []byte(tr)})
		}
	}
	return files, nil
}

// fill replaces each old (exactly once present) by its new, in pairs.
func fill(data []byte, pairs ...string) ([]byte, error) {
	s := string(data)
	for i := 0; i+1 < len(pairs); i += 2 {
		if n := strings.Count(s, pairs[i]); n != 1 {
			return nil, fmt.Errorf("the template holds %q %d times, not once", pairs[i], n)
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return []byte(s), nil
}

const gitignore = `# Tạo ra khi dựng trang, không đưa vào kho / Made by builds, never committed
/output/
/public/
/.cache/
/.output.tmp-*
/.public.tmp-*
`

func githubWorkflow(g Guide) string {
	return `# Dựng và đăng trang lên GitHub Pages; do "diachido init" tạo ra.
# Builds the guide and publishes it to GitHub Pages; written by "diachido init".
# Bật một lần / Enable once: Settings → Pages → Source: GitHub Actions.
#
# Mỗi pull request được kiểm tra: lỗi hiện ngay trên dòng của tệp.
# Every pull request is checked: each problem shows on its line of the file.
# Mỗi lần đẩy lên main được đăng, và mã mới được ghi vào ids.lock.
# Every push to main is published, and new IDs are recorded in ids.lock.
name: Publish the guide

on:
  push:
    branches: [main]
  pull_request:
  workflow_dispatch:

permissions:
  contents: write   # to commit ids.lock when new IDs are published
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-go@v5
        with:
          go-version: "` + g.GoVersion + `"
          cache: false
      # The pinned version: change it in one commit to upgrade diachido.
      - name: Install diachido
        run: ` + InstallCommand(g.Version) + `
      # Placards and photo sizes already made are kept between runs, so an
      # unchanged placard is never rendered twice.
      - name: Keep diachido's cache
        uses: actions/cache@v4
        with:
          path: .cache
          key: diachido-${{ runner.os }}-${{ github.run_id }}
          restore-keys: diachido-${{ runner.os }}-
` + laoFontStep(g, "github") + `      - name: Build the site
        run: SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) ` + BuildCommand + `
      - name: Record new IDs in ids.lock
        if: github.event_name != 'pull_request'
        run: |
          if ! git diff --quiet -- ids.lock; then
            git config user.name "diachido"
            git config user.email "diachido@users.noreply.github.com"
            git add ids.lock
            git commit -m "Record published IDs in ids.lock"
            git push
          fi
      - if: github.event_name != 'pull_request'
        uses: actions/upload-pages-artifact@v3
        with:
          path: output

  deploy:
    if: github.event_name != 'pull_request'
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
`
}

// laoFontStep installs the Lao font placards are set in (Noto Sans Lao,
// Debian's fonts-noto-core: no Go module carries one) when the guide has
// Lao; other guides pay nothing.
func laoFontStep(g Guide, host string) string {
	lao := false
	for _, l := range g.Languages {
		lao = lao || l == "lo"
	}
	if !lao {
		return ""
	}
	if host == "github" {
		return `      # Placards print Lao in Noto Sans Lao, from Debian's fonts-noto-core.
      - name: Install the Lao font
        run: sudo apt-get update -qq && sudo apt-get install -y -qq fonts-noto-core
`
	}
	return "  - apt-get update -qq && apt-get install -y -qq fonts-noto-core   # placards print Lao in Noto Sans Lao\n"
}

func gitlabCI(g Guide) string {
	image := "golang:" + g.GoVersion
	if g.GoVersion == "stable" {
		image = "golang:latest"
	}
	return `# Dựng và đăng trang lên GitLab Pages (thư mục public/); do "diachido init" tạo ra.
# Builds the guide and publishes it to GitLab Pages (folder public/); written by "diachido init".
# Merge request được kiểm tra; nhánh chính được đăng.
# Merge requests are checked; the default branch is published.
image: ` + image + `

# The pinned version: change it in one commit to upgrade diachido.
before_script:
  - ` + InstallCommand(g.Version) + `
` + laoFontStep(g, "gitlab") + `
check:
  stage: test
  script:
    - diachido check
  rules:
    - if: $CI_PIPELINE_SOURCE == "merge_request_event"

pages:
  stage: deploy
  # Placards and photo sizes already made are kept between runs, so an
  # unchanged placard is never rendered twice.
  cache:
    key: diachido
    paths:
      - .cache/
  script:
    - SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) diachido build -source . -output public -cache-dir .cache
  artifacts:
    paths:
      - public
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
`
}

func editorsReadme(g Guide) string {
	site, marker := "content/sites/", "content/markers/"
	siteTitle := examples[0].en
	if g.Languages[0] == "vi" {
		siteTitle = examples[0].vi
	}
	siteDir := path.Join(site, content.Slugify(siteTitle))
	file := "index." + g.Languages[0] + ".md"
	install := InstallCommand(g.Version)
	title := g.Title
	if title == "" {
		title = titleFor(g.Languages[0])
	}
	return `# ` + title + `

Trang hướng dẫn về các địa chỉ đỏ, dựng bằng [diachido](https://` + Module + `).
A guide to red addresses, built with [diachido](https://` + Module + `).

*English below.*

## Tiếng Việt

Mỗi di tích, cột mốc, hành trình hay trang là một thư mục trong ` + "`content/`" + `:

` + "```" + `
site.yaml                              cài đặt: địa chỉ trang, ngôn ngữ, tên đơn vị
` + site + `<tên-thư-mục>/` + file + `      một di tích
` + marker + `<tên-thư-mục>/` + file + `    một cột mốc
content/tours/<tên-thư-mục>/` + file + `      một hành trình
content/pages/<tên-thư-mục>/` + file + `      một trang (giới thiệu, liên hệ)
ids.lock                               mã đã đăng: đừng sửa tay
` + "```" + `

Mỗi thư mục mẫu có một bài ghi ` + "`draft: true`" + ` (bản nháp, chưa đăng). Xem
cách viết trong đó rồi sửa thành bài thật, hoặc xóa thư mục đi.

### Thêm một bài

- Trên trang web GitHub/GitLab: mở một thư mục mẫu (ví dụ ` + "`" + siteDir + "/`" + `),
  tạo thư mục mới bên cạnh với tên chữ thường không dấu, nối bằng gạch ngang
  (ví dụ ` + "`dinh-phuoc-thien`" + `), chép nội dung tệp ` + "`" + file + "`" + ` sang, rồi
  đổi ` + "`id`" + ` thành mã tiếp theo chưa dùng (` + g.IDPrefix + `-005, ` + g.IDPrefix + `-006…).
- Trên máy tính có diachido: ` + "`diachido new site \"Đình Phước Thiền\"`" + ` tạo sẵn
  bài mới với mã tiếp theo (` + "`marker`" + `, ` + "`tour`" + `, ` + "`page`" + ` cho các loại khác).

Ảnh, tệp .mp3, .pdf của bài đặt cùng thư mục với bài. Bản dịch là tệp
` + "`index.en.md`" + ` bên cạnh, chỉ cần ` + "`title`" + `, ` + "`summary`" + ` và nội dung.

### Kiểm tra và xem trước

Cài diachido một lần (cần [Go](https://go.dev/dl/)):

` + "```sh\n" + install + "\n```" + `

Rồi, trong thư mục này:

` + "```sh" + `
diachido check -drafts    # báo mọi lỗi dạng tệp:dòng: lỗi
diachido serve            # xem trước ở http://127.0.0.1:1313/, cả bản nháp
` + "```" + `

Không cài được? Cứ đẩy lên: mỗi pull request (merge request) đều được kiểm
tra; GitHub hiện lỗi ngay trên dòng của tệp, GitLab ghi lỗi trong nhật ký
của job.

### Đăng bài

1. Xóa dòng ` + "`draft: true`" + ` khi bài đã sẵn sàng.
2. Commit vào nhánh ` + "`main`" + `. GitHub Actions (` + "`.github/workflows/pages.yml`" + `) hoặc
   GitLab CI (` + "`.gitlab-ci.yml`" + `) dựng và đăng trang sau vài phút.
3. Lần đầu: GitHub → Settings → Pages → Source: GitHub Actions. Trên GitLab
   trang được đăng tự động (Deploy → Pages cho biết địa chỉ). Ghi địa chỉ đó
   vào ` + "`baseURL`" + ` trong ` + "`site.yaml`" + ` trước khi in bảng QR.

**Mã đã in là mãi mãi.** Không đổi ` + "`id`" + ` của một bài đã đăng và không xóa bài
đó: bảng QR trên tường vẫn trỏ tới nó. Đổi tên thư mục thì được.
GitHub tự ghi mã mới đăng vào ` + "`ids.lock`" + `; GitLab thì không: sau khi đăng bài
mới, chạy ` + "`diachido build`" + ` trên máy rồi commit tệp ` + "`ids.lock`" + `.

## English

Every relic site, border marker, tour or page is a folder in ` + "`content/`" + `:
` + "`content/sites/<folder>/" + file + "`" + ` and so on; ` + "`site.yaml`" + ` holds the settings
(address, languages, organisation) and ` + "`ids.lock`" + ` the published IDs (never edit
it by hand). Each example folder holds an entry marked ` + "`draft: true`" + ` (not
published): read how it is written, then make it a real entry, or delete
the folder.

### Add an entry

- In the GitHub/GitLab web editor: open an example folder (e.g.
  ` + "`" + siteDir + "/`" + `), create a folder beside it named in lowercase letters
  without tone marks, joined by hyphens (` + "`dinh-phuoc-thien`" + `), copy the
  ` + "`" + file + "`" + ` file into it, and change ` + "`id`" + ` to the next unused ID
  (` + g.IDPrefix + `-005, ` + g.IDPrefix + `-006…).
- On a computer with diachido: ` + "`diachido new site \"Đình Phước Thiền\"`" + ` writes the
  new entry with the next ID (` + "`marker`" + `, ` + "`tour`" + `, ` + "`page`" + ` for the other kinds).

Photos, .mp3 and .pdf files go in the entry's folder. A translation is
` + "`index.en.md`" + ` beside it, with only ` + "`title`" + `, ` + "`summary`" + ` and the text.

### Check and preview

Install diachido once (it needs [Go](https://go.dev/dl/)):

` + "```sh\n" + install + "\n```" + `

Then, in this folder:

` + "```sh" + `
diachido check -drafts    # every problem, as file:line: message
diachido serve            # preview at http://127.0.0.1:1313/, drafts included
` + "```" + `

Cannot install it? Just push: every pull request (merge request) is
checked; GitHub shows each problem on its line of the file, GitLab lists
them in the job's log.

### Publish

1. Delete the line ` + "`draft: true`" + ` when the entry is ready.
2. Commit to ` + "`main`" + `. GitHub Actions (` + "`.github/workflows/pages.yml`" + `) or GitLab
   CI (` + "`.gitlab-ci.yml`" + `) builds and publishes the guide within minutes.
3. The first time: GitHub → Settings → Pages → Source: GitHub Actions. On
   GitLab the guide is published by itself (Deploy → Pages shows its
   address). Put that address in ` + "`baseURL`" + ` in ` + "`site.yaml`" + ` before printing
   placards.

**Printed IDs are forever.** Never change the ` + "`id`" + ` of a published entry or
delete it: a placard on a wall still points to it. Renaming its folder is
fine.
GitHub records newly published IDs in ` + "`ids.lock`" + ` by itself; GitLab does
not: after publishing new entries, run ` + "`diachido build`" + ` on a computer and
commit ` + "`ids.lock`" + `.

The workflows install diachido ` + g.Version + `; to upgrade, change that version in
both files in one commit.
`
}
