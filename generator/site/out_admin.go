package site

import (
	"bytes"
	"html/template"
	"sort"
	"strconv"

	"github.com/diachido/diachido/generator/config"
	"github.com/diachido/diachido/generator/content"
	"github.com/diachido/diachido/generator/scaffold"
	"go.yaml.in/yaml/v3"
)

// The form editor at /admin/ is Decap CMS: a page that loads the CMS
// script and a config.yml generated here from the content contract and
// site.yaml, never written by hand, so that the editor's fields, choices
// and limits are the ones check applies (content.Categories, content.IDRe,
// content.MaxSummary..., and the theme's category_*/rank_* strings as
// labels). Decap rather than Sveltia CMS: its proxy backend protocol
// (decap-server) lets `diachido serve` save to the local folder with
// nothing to sign into, and lets a headless browser test drive the real
// editor against it (docs/admin.md).
//
// The script is never copied into the repository or the output: the page
// loads it from a pinned unpkg.com address, or from the path site.yaml
// names in admin.cms, and the browser refuses any bytes but these. The
// hash was computed from the npm package:
//
//	npm pack decap-cms@3.16.3 && tar -xzf decap-cms-3.16.3.tgz
//	openssl dgst -sha384 -binary package/dist/decap-cms.js | openssl base64 -A
//
// TestDecapIntegrity recomputes it from .cache/npm (see .ci/run).
const (
	DecapVersion   = "3.16.3"
	DecapURL       = "https://unpkg.com/decap-cms@" + DecapVersion + "/dist/decap-cms.js"
	DecapIntegrity = "sha384-A/Gdn928CNLufmnGWGs9RM4Q9o8bSNLeJERqBFrBjwzL7FRpoLT3MPF8Tl0+Wd2p"
)

// Without an admin: block in site.yaml the build publishes only
// admin/index.html, a page that says how to turn the editor on: the
// editor needs a repository to save to, and a volunteer who follows the
// README to /admin/ should learn what is missing rather than meet a
// sign-in that cannot work. serve always offers the editor, saving to the
// local folder (AdminConfig with a proxy URL).
func (m *Model) adminJobs() []job {
	if m.Config.Admin == nil {
		return []job{{name: "admin/index.html", render: func() ([]byte, error) { return m.AdminPage(false), nil }}}
	}
	return []job{
		{name: "admin/index.html", render: func() ([]byte, error) { return m.AdminPage(true), nil }},
		{name: "admin/config.yml", render: func() ([]byte, error) { return m.AdminConfig("") }},
	}
}

// adminRobots is robots.txt's line keeping crawlers out of the editor.
func (m *Model) adminRobots() string {
	return "Disallow: " + m.urls.Path + "admin/\n"
}

var adminPage = template.Must(template.New("admin").Parse(`<!doctype html>
<html lang="{{.Lang}}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{{.Title}} — biên tập / editor</title>
</head>
<body>
{{if .Editor -}}
<noscript>Trình biên tập cần JavaScript. / The editor needs JavaScript.</noscript>
<script src="{{.Src}}" integrity="{{.Integrity}}" crossorigin="anonymous"></script>
{{- else -}}
<main style="max-width:40em;margin:2em auto;padding:0 1em;font-family:sans-serif;line-height:1.5">
<h1>Trình biên tập chưa được bật</h1>
<p>Để bật trình biên tập, thêm khối <code>admin:</code> vào <code>site.yaml</code> (kho GitHub hoặc GitLab của trang), rồi đăng lại. Hướng dẫn: <code>docs/admin.md</code>. Thử trên máy của bạn: <code>diachido serve</code>, rồi mở /admin/.</p>
<h2 lang="en">The editor is not turned on</h2>
<p lang="en">To turn it on, add an <code>admin:</code> block to <code>site.yaml</code> (the site's GitHub or GitLab repository) and publish again; see <code>docs/admin.md</code>. To try it on your own machine: <code>diachido serve</code>, then open /admin/.</p>
</main>
{{- end}}
</body>
</html>
`))

// AdminPage is admin/index.html. With editor it loads the CMS, which
// reads config.yml beside it; without, it says how to turn the editor on.
func (m *Model) AdminPage(editor bool) []byte {
	src := DecapURL
	if a := m.Config.Admin; a != nil && a.CMS != "" {
		src = a.CMS
	}
	def := m.Config.Default()
	var b bytes.Buffer
	err := adminPage.Execute(&b, struct {
		Editor                      bool
		Lang, Title, Src, Integrity string
	}{editor, def.Code, def.Title, src, DecapIntegrity})
	if err != nil {
		panic(err) // the template and its data are ours
	}
	return b.Bytes()
}

// cmsField is one field of Decap's config; Required is always written,
// because Decap takes a missing one as true.
type cmsField struct {
	Label       string      `yaml:"label"`
	Name        string      `yaml:"name"`
	Widget      string      `yaml:"widget"`
	Required    bool        `yaml:"required"`
	I18n        bool        `yaml:"i18n,omitempty"`
	Hint        string      `yaml:"hint,omitempty"`
	Default     any         `yaml:"default,omitempty"`
	Pattern     []string    `yaml:"pattern,omitempty"`
	Options     []cmsOption `yaml:"options,omitempty"`
	Multiple    bool        `yaml:"multiple,omitempty"`
	ValueType   string      `yaml:"value_type,omitempty"`
	Min         *float64    `yaml:"min,omitempty"`
	Max         *float64    `yaml:"max,omitempty"`
	Step        *float64    `yaml:"step,omitempty"`
	Format      string      `yaml:"format,omitempty"`
	DateFormat  string      `yaml:"date_format,omitempty"`
	TimeFormat  *bool       `yaml:"time_format,omitempty"`
	Summary     string      `yaml:"summary,omitempty"`
	Collapsed   bool        `yaml:"collapsed,omitempty"`
	ChooseURL   *bool       `yaml:"choose_url,omitempty"`
	AllowAdd    *bool       `yaml:"allow_add,omitempty"`
	Fields      []cmsField  `yaml:"fields,omitempty"`
	SearchField []string    `yaml:"search_fields,omitempty"`
}

type cmsOption struct {
	Label string `yaml:"label"`
	Value string `yaml:"value"`
}

type cmsCollection struct {
	Name         string     `yaml:"name"`
	Label        string     `yaml:"label"`
	LabelSing    string     `yaml:"label_singular"`
	Folder       string     `yaml:"folder"`
	Create       bool       `yaml:"create"`
	Path         string     `yaml:"path"`
	Slug         string     `yaml:"slug"`
	Extension    string     `yaml:"extension"`
	Format       string     `yaml:"format"`
	MediaFolder  string     `yaml:"media_folder"`
	PublicFolder string     `yaml:"public_folder"`
	Summary      string     `yaml:"summary"`
	SortableFlds []string   `yaml:"sortable_fields"`
	I18n         bool       `yaml:"i18n"`
	Fields       []cmsField `yaml:"fields"`
}

type cmsBackend struct {
	Name     string `yaml:"name"`
	Repo     string `yaml:"repo,omitempty"`
	Branch   string `yaml:"branch,omitempty"`
	BaseURL  string `yaml:"base_url,omitempty"`
	ProxyURL string `yaml:"proxy_url,omitempty"`
}

type cmsI18n struct {
	Structure     string   `yaml:"structure"`
	Locales       []string `yaml:"locales"`
	DefaultLocale string   `yaml:"default_locale"`
}

type cmsConfig struct {
	Backend     cmsBackend      `yaml:"backend"`
	PublishMode string          `yaml:"publish_mode"`
	Locale      string          `yaml:"locale,omitempty"`
	SiteURL     string          `yaml:"site_url"`
	MediaFolder string          `yaml:"media_folder"`
	Slug        cmsSlug         `yaml:"slug"`
	I18n        cmsI18n         `yaml:"i18n"`
	Collections []cmsCollection `yaml:"collections"`
}

type cmsSlug struct {
	Encoding     string `yaml:"encoding"`
	CleanAccents bool   `yaml:"clean_accents"`
	Sanitize     string `yaml:"sanitize_replacement"`
}

// AdminConfig is admin/config.yml. With proxyURL set it saves through
// Decap's proxy backend at that address (serve's local folder) instead of
// site.yaml's repository.
func (m *Model) AdminConfig(proxyURL string) ([]byte, error) {
	def := m.Config.Default().Code
	backend := cmsBackend{Name: "proxy", ProxyURL: proxyURL}
	if proxyURL == "" {
		a := m.Config.Admin
		if a == nil {
			a = &config.Admin{Backend: "github"}
		}
		backend = cmsBackend{Name: a.Backend, Repo: a.Repo, Branch: a.Branch, BaseURL: a.AuthURL}
	}
	c := cmsConfig{
		Backend:     backend,
		PublishMode: "simple",
		SiteURL:     m.Config.BaseURL,
		MediaFolder: "content",
		Slug:        cmsSlug{Encoding: "ascii", CleanAccents: true, Sanitize: "-"},
		I18n:        cmsI18n{Structure: "multiple_files", Locales: m.Langs, DefaultLocale: def},
	}
	if def == "vi" {
		c.Locale = "vi"
	}
	f := adminFields{m: m, lang: def}
	for _, k := range []struct {
		kind          content.Kind
		label, single string
		fields        func() []cmsField
	}{
		{content.Site, "Di tích (sites)", "di tích", f.site},
		{content.Marker, "Cột mốc (markers)", "cột mốc", f.marker},
		{content.Tour, "Hành trình (tours)", "hành trình", f.tour},
		{content.Exhibition, "Triển lãm (exhibitions)", "triển lãm", f.exhibition},
		{content.Page, "Trang (pages)", "trang", f.page},
	} {
		c.Collections = append(c.Collections, cmsCollection{
			Name:         string(k.kind),
			Label:        k.label,
			LabelSing:    k.single,
			Folder:       content.Dir + "/" + string(k.kind),
			Create:       true,
			Path:         "{{slug}}/index",
			Slug:         "{{title}}",
			Extension:    "md",
			Format:       "yaml-frontmatter",
			MediaFolder:  "",
			PublicFolder: "",
			Summary:      "{{id}} — {{title}}",
			SortableFlds: []string{"id", "title"},
			I18n:         true,
			Fields:       k.fields(),
		})
	}
	var b bytes.Buffer
	b.WriteString("# Generated by diachido from site.yaml and the content format: do not edit.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(c); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// adminFields builds each collection's fields.
type adminFields struct {
	m    *Model
	lang string
}

func ptr[T any](v T) *T { return &v }

// options lists allowed values with their labels from the theme's strings
// (category_history → "Di tích lịch sử").
func (f adminFields) options(prefix string, values []string) []cmsOption {
	out := make([]cmsOption, len(values))
	for i, v := range values {
		out[i] = cmsOption{Label: f.m.i18n.T(f.lang, prefix+v), Value: v}
	}
	return out
}

// nextID is the ID a new entry gets: site.yaml's idPrefix and one more
// than the highest number used by an entry, ids.lock or a retired ID.
func (f adminFields) nextID() string {
	p := f.m.Config.IDPrefix
	if p == "" {
		return ""
	}
	var used []string
	for _, e := range f.m.Content.Entries {
		used = append(used, e.ID())
	}
	for id := range f.m.Content.Drafts {
		used = append(used, id)
	}
	for id := range f.m.ledger.Pages {
		used = append(used, id)
	}
	for id := range f.m.Config.Retired {
		used = append(used, id)
	}
	id, err := scaffold.NextID(p, used)
	if err != nil {
		return "" // no default: the editor asks for the ID, and check says what is wrong
	}
	return id
}

func (f adminFields) head() []cmsField {
	id := cmsField{Label: "Mã (ID)", Name: "id", Widget: "string", Required: true,
		Hint:    "Mã in trên biển QR, không bao giờ đổi: chữ in hoa, số và dấu gạch ngang, tối đa 16 ký tự, ví dụ NT-001.",
		Pattern: []string{content.IDRe.String(), "Mã chỉ gồm chữ in hoa A-Z, chữ số và dấu gạch ngang, tối đa 16 ký tự, ví dụ NT-001"}}
	if next := f.nextID(); next != "" {
		id.Default = next
	}
	return []cmsField{
		id,
		{Label: "Tên", Name: "title", Widget: "string", Required: true, I18n: true},
		{Label: "Tóm tắt", Name: "summary", Widget: "text", Required: true, I18n: true,
			Hint:    "Một hai câu, tối đa " + strconv.Itoa(content.MaxSummary) + " ký tự: hiện trên thẻ, biển QR và khi chia sẻ liên kết.",
			Pattern: []string{`^[\s\S]{1,` + strconv.Itoa(content.MaxSummary) + `}$`, "Tóm tắt dài quá: tối đa " + strconv.Itoa(content.MaxSummary) + " ký tự"}},
	}
}

func location() cmsField {
	return cmsField{Label: "Tọa độ", Name: "location", Widget: "object", Required: true,
		Hint: "Độ thập phân WGS84, ví dụ vĩ độ 10.7251, kinh độ 106.8823 (Google Maps: nhấn giữ điểm trên bản đồ).",
		Fields: []cmsField{
			{Label: "Vĩ độ (lat)", Name: "lat", Widget: "number", Required: true, ValueType: "float", Min: ptr(-90.0), Max: ptr(90.0), Step: ptr(0.0001)},
			{Label: "Kinh độ (lng)", Name: "lng", Widget: "number", Required: true, ValueType: "float", Min: ptr(-180.0), Max: ptr(180.0), Step: ptr(0.0001)},
		}}
}

// placardLife is the front matter's placard: the printed placard's life,
// as the editors' placard list shows it and check warns about it.
func placardLife() cmsField {
	date := func(label, name, hint string) cmsField {
		return cmsField{Label: label, Name: name, Widget: "datetime", Format: "YYYY-MM-DD", DateFormat: "YYYY-MM-DD", TimeFormat: ptr(false), Hint: hint}
	}
	return cmsField{Label: "Bảng QR tại di tích", Name: "placard", Widget: "object", Collapsed: true,
		Hint: "Điền khi đã gắn bảng QR; sau mỗi lần đến xem bảng, ghi ngày kiểm tra.",
		Fields: []cmsField{
			date("Ngày gắn bảng", "installed", ""),
			{Label: "Chất liệu", Name: "material", Widget: "string", Hint: "Ví dụ: nhôm, mica, decal."},
			{Label: "Vị trí bảng", Name: "location", Widget: "string", Hint: "Ví dụ: cổng chính, bên trái lối vào."},
			date("Ngày kiểm tra bảng gần nhất", "checked", "Bảng còn đó và mã QR còn quét được. Sau một năm không kiểm tra, diachido check sẽ nhắc."),
		}}
}

func adminPlace() []cmsField {
	return []cmsField{
		{Label: "Tỉnh / thành phố", Name: "province", Widget: "string"},
		{Label: "Huyện / quận", Name: "district", Widget: "string"},
	}
}

// tail is the media, sources, tags, date and body every kind may have.
func (f adminFields) tail() []cmsField {
	return []cmsField{
		{Label: "Ảnh", Name: "photos", Widget: "list", Summary: "{{fields.src}} — {{fields.alt}}", Collapsed: true,
			Hint: "Ảnh đầu tiên là ảnh bìa. Ảnh được lưu trong thư mục của mục này.",
			Fields: []cmsField{
				{Label: "Tệp ảnh", Name: "src", Widget: "image", Required: true, ChooseURL: ptr(false)},
				{Label: "Mô tả ảnh (cho người khiếm thị)", Name: "alt", Widget: "string", Required: true,
					Hint: "Bắt buộc: ảnh cho thấy gì, ví dụ «Cổng chính của đình nhìn từ đường làng»."},
				{Label: "Chú thích", Name: "caption", Widget: "string"},
				{Label: "Nguồn ảnh / tác giả", Name: "credit", Widget: "string"},
			}},
		{Label: "Video", Name: "videos", Widget: "list", Summary: "{{fields.url}}", Collapsed: true,
			Fields: []cmsField{
				{Label: "Liên kết YouTube, Facebook, Vimeo hoặc tệp .mp4", Name: "url", Widget: "string", Required: true,
					Pattern: []string{`^(https://\S+|[^/\s]+\.mp4)$`, "Dán liên kết https:// hoặc tên tệp .mp4 trong thư mục của mục này"}},
				{Label: "Tiêu đề", Name: "title", Widget: "string"},
			}},
		{Label: "Thuyết minh âm thanh", Name: "audio", Widget: "list", Summary: "{{fields.src}}", Collapsed: true,
			Fields: []cmsField{
				{Label: "Tệp .mp3", Name: "src", Widget: "file", Required: true, ChooseURL: ptr(false),
					Pattern: []string{`\.mp3$`, "Chỉ nhận tệp .mp3"}},
				{Label: "Tiêu đề", Name: "title", Widget: "string"},
			}},
		{Label: "Nguồn tư liệu", Name: "sources", Widget: "list", Summary: "{{fields.title}}", Collapsed: true,
			Fields: []cmsField{
				{Label: "Tên tài liệu", Name: "title", Widget: "string", Required: true},
				{Label: "Liên kết", Name: "url", Widget: "string",
					Pattern: []string{`^https?://\S+$`, "Liên kết phải bắt đầu bằng https:// hoặc http://"}},
			}},
		{Label: "Từ khóa", Name: "tags", Widget: "list", Hint: "Cách nhau bằng dấu phẩy."},
		{Label: "Ngày kiểm tra thông tin", Name: "updated", Widget: "datetime", Format: "YYYY-MM-DD", DateFormat: "YYYY-MM-DD", TimeFormat: ptr(false)},
		{Label: "Bản nháp (chưa đăng)", Name: "draft", Widget: "boolean", Default: false},
		{Label: "Nội dung", Name: "body", Widget: "markdown", Required: false, I18n: true},
	}
}

func (f adminFields) site() []cmsField {
	fs := append(f.head(), location(),
		cmsField{Label: "Địa chỉ", Name: "address", Widget: "string"})
	fs = append(fs, adminPlace()...)
	fs = append(fs,
		cmsField{Label: "Loại hình di tích", Name: "category", Widget: "select", Options: f.options("category_", content.Categories)},
		cmsField{Label: "Xếp hạng", Name: "rank", Widget: "select", Options: f.options("rank_", content.Ranks)},
		cmsField{Label: "Năm xếp hạng", Name: "recognized", Widget: "number", ValueType: "int", Min: ptr(1900.0), Max: ptr(2100.0), Step: ptr(1.0)},
		placardLife(),
	)
	return append(fs, f.tail()...)
}

func (f adminFields) marker() []cmsField {
	fs := append(f.head(), location())
	fs = append(fs, adminPlace()...)
	fs = append(fs, cmsField{Label: "Cột mốc", Name: "marker", Widget: "object", Required: true, Fields: []cmsField{
		{Label: "Số hiệu", Name: "number", Widget: "string", Required: true, Hint: "Ví dụ 663 hoặc 700(1)."},
		{Label: "Loại mốc", Name: "type", Widget: "select", Required: true, Options: f.options("marker_type_", content.MarkerTypes)},
		{Label: "Đường biên giới", Name: "border", Widget: "string", Required: true, Hint: "Hai mã quốc gia ISO, ví dụ VN-LA (Việt Nam – Lào).",
			Pattern: []string{`^[A-Z]{2}-[A-Z]{2}$`, "Ghi hai mã quốc gia in hoa nối bằng gạch ngang, ví dụ VN-LA"}},
		{Label: "Năm cắm mốc", Name: "year", Widget: "number", ValueType: "int", Min: ptr(1800.0), Max: ptr(2100.0), Step: ptr(1.0)},
	}}, placardLife())
	return append(fs, f.tail()...)
}

// tour: stops are chosen among the IDs of the sites and markers that
// exist when the site is built (serve rebuilds on every save).
func (f adminFields) tour() []cmsField {
	var opts []cmsOption
	for _, e := range f.m.Content.Entries {
		if e.Kind != content.Site && e.Kind != content.Marker {
			continue
		}
		opts = append(opts, cmsOption{Label: e.ID() + " — " + e.Default.Front.Title, Value: e.ID()})
	}
	sort.Slice(opts, func(i, j int) bool { return opts[i].Value < opts[j].Value })
	fs := append(f.head(), cmsField{Label: "Các điểm dừng (theo thứ tự)", Name: "stops", Widget: "select", Required: true, Multiple: true, Options: opts,
		Hint: "Chọn các di tích, cột mốc theo thứ tự đi."})
	return append(fs, f.tail()...)
}

// exhibition is an exhibition's form: its period, the places it is
// about and the placard at its entrance; the body holds its sections.
func (f adminFields) exhibition() []cmsField {
	var opts []cmsOption
	for _, e := range f.m.Content.Entries {
		if e.Kind == content.Page || e.Kind == content.Exhibition {
			continue
		}
		opts = append(opts, cmsOption{Label: e.ID() + " — " + e.Default.Front.Title, Value: e.ID()})
	}
	sort.Slice(opts, func(i, j int) bool { return opts[i].Value < opts[j].Value })
	fs := append(f.head(),
		cmsField{Label: "Thời kỳ", Name: "period", Widget: "string", Required: false, Hint: "Chữ tự do, ví dụ 1911–2013."},
		cmsField{Label: "Các di tích, cột mốc liên quan", Name: "related", Widget: "select", Required: false, Multiple: true, Options: opts,
			Hint: "Hiện thành liên kết trên trang triển lãm."},
		placardLife())
	fs = append(fs, f.tail()...)
	for i := range fs {
		if fs[i].Name == "body" {
			fs[i].Hint = "Mỗi dòng bắt đầu bằng \"## \" mở một phần, có thể có năm trước dấu gạch: \"## 1944 — Thành lập Đội\". Ảnh: ![mô tả](tep.jpg \"chú thích\"), tệp trong thư mục này."
		}
	}
	return fs
}

func (f adminFields) page() []cmsField {
	fs := append(f.head(), cmsField{Label: "Thứ tự trong menu", Name: "weight", Widget: "number", ValueType: "int", Step: ptr(1.0)})
	return append(fs, f.tail()...)
}
