package scaffold

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// The monthly report workflows are valid YAML, run diachido report at the
// guide's pinned version, and are off until the guide turns them on: the
// GitHub workflow has no active schedule, the GitLab job runs only in a
// schedule that sets DIACHIDO_REPORT.
func TestMonthlyReportIsOffByDefault(t *testing.T) {
	files, err := RenderGuide(guide())
	if err != nil {
		t.Fatal(err)
	}
	byPath := map[string]string{}
	for _, f := range files {
		byPath[f.Path] = string(f.Data)
	}
	wf := byPath[ReportWorkflowPath]
	var gh struct {
		On   map[string]any `yaml:"on"`
		Jobs map[string]struct {
			Steps []struct {
				Run  string         `yaml:"run"`
				With map[string]any `yaml:"with"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal([]byte(wf), &gh); err != nil {
		t.Fatalf("%s: %v\n%s", ReportWorkflowPath, err, wf)
	}
	if _, ok := gh.On["workflow_dispatch"]; !ok || len(gh.On) != 1 {
		t.Errorf("report.yml runs on %v; want only workflow_dispatch until the schedule is uncommented", gh.On)
	}
	if !strings.Contains(wf, "\n  # schedule:\n  #   - cron: ") {
		t.Error("report.yml has no commented schedule to turn on")
	}
	var runs []string
	depth := false
	for _, s := range gh.Jobs["report"].Steps {
		runs = append(runs, s.Run)
		if s.With["fetch-depth"] == 0 {
			depth = true
		}
	}
	all := strings.Join(runs, "\n")
	for _, want := range []string{InstallCommand("v1.4.2"), `-format html -output "reports/$month.html"`, "-format json -output reports/scans.json", "git push"} {
		if !strings.Contains(all, want) {
			t.Errorf("report.yml does not run %q", want)
		}
	}
	if !depth {
		t.Error("report.yml checks out one commit: stale translations need the whole history")
	}

	var gl struct {
		Report struct {
			Script []string            `yaml:"script"`
			Rules  []map[string]string `yaml:"rules"`
		} `yaml:"report"`
	}
	if err := yaml.Unmarshal([]byte(byPath[".gitlab-ci.yml"]), &gl); err != nil {
		t.Fatalf(".gitlab-ci.yml: %v", err)
	}
	job := gl.Report
	if len(job.Rules) != 1 || job.Rules[0]["if"] != `$CI_PIPELINE_SOURCE == "schedule" && $DIACHIDO_REPORT == "yes"` || !strings.Contains(strings.Join(job.Script, "\n"), "diachido report") {
		t.Errorf(".gitlab-ci.yml report job: %+v", job)
	}
}
