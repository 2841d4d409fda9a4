package scaffold

// The monthly "3 không" report of a guide (docs/report.md): a GitHub
// workflow and a GitLab job that run `diachido report` and keep
// reports/YYYY-MM.html and reports/scans.json. Both are off until the
// guide turns them on: GitHub's runs only when started by hand until its
// schedule lines are uncommented; GitLab's only in a pipeline schedule
// that sets DIACHIDO_REPORT.

// ReportWorkflowPath is where init writes the GitHub workflow.
const ReportWorkflowPath = ".github/workflows/report.yml"

func reportWorkflow(g Guide) string {
	return `# Báo cáo "3 không" hằng tháng: số lượt quét mỗi biển, mức độ hoàn thiện.
# The monthly "three nos" report: scans per placard, how complete the guide is.
# Written by "diachido init". Chi tiết / Details: diachido's docs/report.md.
#
# TẮT sẵn: chỉ chạy khi bấm "Run workflow" (Actions → Monthly report).
# OFF by default: it runs only when started by hand (Actions → Monthly report).
# Để chạy mỗi tháng, bỏ dấu # trước hai dòng "schedule" và "- cron" bên dưới.
# To run it every month, delete the # before the "schedule" and "- cron" lines below.
#
# GitHub Pages keeps no access logs: scans are counted from a GoatCounter
# export when the repository has the secret GOATCOUNTER_TOKEN (an API key
# with the "export" permission) and the variable GOATCOUNTER_URL
# (https://CODE.goatcounter.com); without them the report holds the
# coverage and the stale translations only.
name: Monthly report

on:
  workflow_dispatch:
  # schedule:
  #   - cron: "0 3 1 * *"   # 03:00 UTC on the 1st of every month

permissions:
  contents: write   # to commit reports/

jobs:
  report:
    runs-on: ubuntu-latest
    env:
      GOATCOUNTER_TOKEN: ${{ secrets.GOATCOUNTER_TOKEN }}
      GOATCOUNTER_URL: ${{ vars.GOATCOUNTER_URL }}
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0   # the whole history: translations older than their text
      - uses: actions/setup-go@v5
        with:
          go-version: "` + g.GoVersion + `"
          cache: false
      - name: Install diachido
        run: ` + InstallCommand(g.Version) + `
      - name: Fetch the GoatCounter export
        if: env.GOATCOUNTER_TOKEN != ''
        run: |
          auth="Authorization: Bearer $GOATCOUNTER_TOKEN"
          id=$(curl -sSf -X POST -H "$auth" -H "Content-Type: application/json" -d '{}' "$GOATCOUNTER_URL/api/v0/export" | jq -r .id)
          for i in $(seq 60); do
            curl -sSf -H "$auth" "$GOATCOUNTER_URL/api/v0/export/$id" | jq -e .finished_at >/dev/null && break
            sleep 10
          done
          curl -sSf -H "$auth" -o goatcounter.csv.gz "$GOATCOUNTER_URL/api/v0/export/$id/download"
      - name: Write the report
        run: |
          month=$(date -u -d "last month" +%Y-%m)
          counts=""
          if [ -f goatcounter.csv.gz ]; then counts="-goatcounter goatcounter.csv.gz"; fi
          diachido report $counts -format html -output "reports/$month.html"
          diachido report $counts -format json -output reports/scans.json
          rm -f goatcounter.csv.gz
      - name: Commit the report
        run: |
          git add reports
          if ! git diff --cached --quiet; then
            git config user.name "diachido"
            git config user.email "diachido@users.noreply.github.com"
            git commit -m "Monthly report"
            git push
          fi
`
}

// gitlabReportJob is the GitLab job, appended to .gitlab-ci.yml.
const gitlabReportJob = `
# Báo cáo "3 không" hằng tháng (docs/report.md của diachido). TẮT sẵn: để bật, tạo
# Build → Pipeline schedules → New schedule (mỗi tháng), thêm biến DIACHIDO_REPORT = yes.
# The monthly "three nos" report (diachido's docs/report.md). OFF by default: to turn it
# on, create Build → Pipeline schedules → New schedule (monthly) with the variable
# DIACHIDO_REPORT = yes. The report is kept as the job's artifact (reports/).
report:
  stage: deploy
  variables:
    GIT_DEPTH: 0   # the whole history: translations older than their text
  script:
    - month=$(date -u -d "last month" +%Y-%m)
    - diachido report -format html -output "reports/$month.html"
    - diachido report -format json -output reports/scans.json
  artifacts:
    paths:
      - reports/
    expire_in: 1 year
  rules:
    - if: $CI_PIPELINE_SOURCE == "schedule" && $DIACHIDO_REPORT == "yes"
`
