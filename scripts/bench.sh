#!/usr/bin/env bash
# make bench: builds the synthetic corpus of ../shared/bench/gencorpus with
# diachido and with Hugo (the peer, ../shared/bench/hugo-peer/run.sh) in the
# same run, and prints wall time, pages per second, peak memory and ratios.
#
# Needs: Go, GNU time (/usr/bin/time, Debian package "time") and Hugo (Debian
# package "hugo"). It installs nothing; without Hugo it measures diachido only.
# Sizes: SIZES="1000 10000" (default; SIZES= for none). Placards:
# PLACARDS=10000 (default; 0 for none). Work folder: .cache/bench
# (BENCH_DIR=...). Each HTML build is timed ROUNDS times (default 2),
# diachido and Hugo alternately, and the best time of each is compared;
# before each timed run the disk is flushed and left SETTLE seconds (3).
#
# Built sites go to OUT_DIR: by default a folder in /dev/shm (memory) when
# that is a tmpfs with 4 GB free, else the work folder. On this project's
# machine the disk is ext4 without a journal, where creating a file soon
# after tens of thousands were deleted makes the kernel skip each recently
# freed inode one by one (ext4's recently_deleted check): a build right
# after the last one's output was removed spent 40% of its CPU there
# (perf), more for the tool that writes more files. Memory measures the
# generators, not the file system's state; OUT_DIR=$BENCH_DIR keeps the disk.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$root/../shared}
work=${BENCH_DIR:-$root/.cache/bench}
if [ -z "${OUT_DIR:-}" ]; then
  OUT_DIR=$work
  if [ "$(stat -f -c %T /dev/shm 2>/dev/null)" = tmpfs ] &&
     [ "$(df -Pk /dev/shm | awk 'NR==2{print $4}')" -gt 4000000 ]; then
    OUT_DIR=/dev/shm/diachido-bench
  fi
fi
out=$OUT_DIR
mkdir -p "$out"
sizes=${SIZES-1000 10000}   # SIZES= (empty) skips the HTML builds
placards=${PLACARDS-10000}  # PLACARDS=0 skips the placards
mkdir -p "$work"
cd "$root"

if [ ! -d "$shared/bench/gencorpus" ]; then
  echo "bench: $shared/bench/gencorpus not found: run from a clone beside ../shared, or set SHARED=/path/to/shared" >&2; exit 1
fi
if [ ! -x /usr/bin/time ]; then
  echo "bench: GNU time is missing (Debian: apt-get install time)" >&2; exit 1
fi
hugo=$(command -v hugo || true)
[ -n "$hugo" ] || echo "bench: hugo is not installed (Debian: apt-get install hugo); measuring diachido alone" >&2
# HUGO=/path/to/hugo adds a second peer, the newest Hugo the Go toolchain
# here builds (docs/performance.md says how: go install
# github.com/gohugoio/hugo@vX.Y.Z). The peer script runs "hugo" from PATH,
# so the binary must be named hugo.
hugo2=${HUGO:-}
if [ -n "$hugo2" ] && [ ! -x "$hugo2" ]; then
  echo "bench: HUGO=$hugo2 is not an executable" >&2; exit 1
fi
# The peers' commands; each takes CORPUS OUT.
peer1=(bash "$shared/bench/hugo-peer/run.sh")
peer2=(env "PATH=$(dirname "${hugo2:-/}"):$PATH" bash "$shared/bench/hugo-peer/run.sh")

go build -o "$work/diachido" ./cmd/diachido
bin=$work/diachido
echo "built sites go to $out ($(stat -f -c %T "$out"))"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(go version | cut -d' ' -f3); ${hugo:+$($hugo version | cut -d' ' -f1-2)}${hugo2:+; second peer $($hugo2 version | cut -d' ' -f1-2)}"

# measure NAME CMD...: runs CMD, prints "NAME seconds peakKB", keeps them in $secs $kb.
measure() {
  local name=$1; shift
  local t
  t=$( { /usr/bin/time -f "%e %M" "$@" >/dev/null 2>"$work/stderr"; } 2>&1 ) || true
  t=$(tail -n 1 "$work/stderr")
  secs=${t% *}; kb=${t#* }
  printf "%-34s %8.2f s %9.0f MB\n" "$name" "$secs" "$((kb / 1024))"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
# best A B: the smaller of two times (A may be empty).
best() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b < a) print b; else print a }'; }
# settle: flush written files and let the disk finish before a timed run.
settle() { sync; sleep "${SETTLE:-3}"; }
rounds=${ROUNDS:-2}

for n in $sizes; do
  corpus=$work/corpus-$n
  if [ ! -f "$corpus/site.yaml" ]; then
    (cd "$shared/bench/gencorpus" && go run . -n "$n" -out "$corpus") >/dev/null
  fi
  pages=$(( $(find "$corpus/content" -name 'index.*.md' | wc -l) ))
  echo
  echo "== $n entries ($pages entry pages), best of $rounds rounds =="
  rm -rf "$out/out-$n" "$out/hugo-$n" "$out/hugo2-$n" "$corpus/ids.lock"
  d_secs=; d_kb=0; h_secs=; h_kb=0; h2_secs=; h2_kb=0
  for r in $(seq 1 "$rounds"); do
    # Each build writes into a fresh folder, after the last one's files
    # are deleted and on disk: deleting tens of thousands of files keeps
    # the file system busy for seconds after rm returns.
    rm -rf "$out/out-$n"; settle
    measure "diachido build (HTML, cold) #$r" "$bin" build -source "$corpus" -output "$out/out-$n" -no-placards -cache-dir off
    d_secs=$(best "$d_secs" "$secs"); d_kb=$(( kb > d_kb ? kb : d_kb ))
    if [ -n "$hugo" ]; then
      rm -rf "$out/hugo-$n"; settle
      measure "hugo #$r" "${peer1[@]}" "$corpus" "$out/hugo-$n"
      h_secs=$(best "$h_secs" "$secs"); h_kb=$(( kb > h_kb ? kb : h_kb ))
    fi
    if [ -n "$hugo2" ]; then
      rm -rf "$out/hugo2-$n"; settle
      measure "hugo (HUGO) #$r" "${peer2[@]}" "$corpus" "$out/hugo2-$n"
      h2_secs=$(best "$h2_secs" "$secs"); h2_kb=$(( kb > h2_kb ? kb : h2_kb ))
    fi
  done
  settle
  measure "diachido build (nothing changed)" "$bin" build -source "$corpus" -output "$out/out-$n" -no-placards -cache-dir off
  r_secs=$secs
  echo "  diachido: best $d_secs s, $(awk -v p="$pages" -v s="$d_secs" 'BEGIN{printf "%.0f", p/s}') entry pages/s, peak $((d_kb / 1024)) MB; unchanged rebuild / full: $(ratio "$r_secs" "$d_secs") (target <= 0.10)"
  if [ -n "$hugo" ]; then
    echo "  hugo:     best $h_secs s, $(awk -v p="$pages" -v s="$h_secs" 'BEGIN{printf "%.0f", p/s}') entry pages/s, peak $((h_kb / 1024)) MB"
    echo "  ratio: diachido is $(ratio "$h_secs" "$d_secs")x faster than Hugo, using $(ratio "$d_kb" "$h_kb") of its peak memory (targets: >= 3x, <= 0.33)"
  fi
  if [ -n "$hugo2" ]; then
    echo "  hugo (HUGO): best $h2_secs s, $(awk -v p="$pages" -v s="$h2_secs" 'BEGIN{printf "%.0f", p/s}') entry pages/s, peak $((h2_kb / 1024)) MB"
    echo "  ratio: diachido is $(ratio "$h2_secs" "$d_secs")x faster than HUGO, using $(ratio "$d_kb" "$h2_kb") of its peak memory"
  fi
  rm -rf "$out/hugo-$n" "$out/hugo2-$n"
  # Byte-identical output between two full builds.
  rm -rf "$out/out2-$n"
  "$bin" build -source "$corpus" -output "$out/out2-$n" -no-placards -cache-dir off >/dev/null 2>&1
  if diff -r -q -x .diachido-output "$out/out-$n" "$out/out2-$n" >/dev/null; then
    echo "  two builds: byte-identical"; rm -rf "$out/out2-$n"
  else
    echo "  two builds: DIFFER"; exit 1
  fi
done

# measure_cpu NAME CMD...: like measure, and also prints the CPU time
# (user + system), which other work on the machine disturbs less than the
# wall time.
measure_cpu() {
  local name=$1; shift
  status=0
  { /usr/bin/time -f "%e %M %U %S" "$@" >"$work/stdout" 2>"$work/stderr"; } 2>&1 || status=$?
  read -r secs kb user sys < <(tail -n 1 "$work/stderr")
  printf "%-34s %8.2f s %9.0f MB %8.2f s CPU\n" "$name" "$secs" "$((kb / 1024))" "$(awk -v u="$user" -v s="$sys" 'BEGIN{print u + s}')"
}

# National scale (issue 17): NATIONAL entries (default 100000; NATIONAL=0
# skips it) in NATIONAL_LANGS (vi,en,lo), built once cold, then again with
# nothing changed, then after one entry's summary is edited, each into the
# same folder as a CI job would; then what a visitor downloads from that
# output: the largest HTML file (target: none over 300 KB), and, with
# Chromium (internal/e2e's measuring tests), a search for "dia dao" (target
# <= 150 KB gzipped) and the map page's first view (<= 300 KB). Hugo builds
# the same corpus when NATIONAL_PEERS=1 (the default; 0 skips them: two
# minutes and gigabytes each).
national=${NATIONAL-100000}
nlangs=${NATIONAL_LANGS:-vi,en,lo}
if [ "${national:-0}" -gt 0 ]; then
  corpus=$work/corpus-$national-${nlangs//,/-}
  if [ ! -f "$corpus/site.yaml" ]; then
    (cd "$shared/bench/gencorpus" && go run . -n "$national" -langs "$nlangs" -out "$corpus") >/dev/null
  fi
  nout=$out/national
  echo
  echo "== $national entries in $nlangs: national scale =="
  rm -rf "$nout" "$corpus/ids.lock"; settle
  measure_cpu "diachido build (HTML, cold)" "$bin" build -source "$corpus" -output "$nout" -no-placards -cache-dir off
  n_secs=$secs; n_kb=$kb
  settle
  measure_cpu "diachido build (nothing changed)" "$bin" build -source "$corpus" -output "$nout" -no-placards -cache-dir off
  nu_secs=$secs
  f=$(find "$corpus/content/sites" -name "index.${nlangs%%,*}.md" | sort | sed -n 1p)
  cp "$f" "$work/national-edited.bak"
  trap 'mv "$work/national-edited.bak" "$f"' EXIT
  sed -i 's/^summary: /summary: Đã sửa. /' "$f"
  settle
  measure_cpu "diachido build (one entry edited)" "$bin" build -source "$corpus" -output "$nout" -no-placards -cache-dir off
  ne_secs=$secs
  grep -E 'changed;' "$work/stdout" > "$work/national-written" || true
  mv "$work/national-edited.bak" "$f"
  trap - EXIT
  echo "  cold $n_secs s (target <= 150 s), peak $((n_kb / 1024)) MB (target <= 2560 MB); nothing changed $nu_secs s ($(ratio "$nu_secs" "$n_secs") of cold, target <= 0.10); one entry edited $ne_secs s (target <= 15 s)"
  echo "  after one edit: $(cat "$work/national-written")"
  big=$(find "$nout" -name '*.html' -printf '%s %P\n' | sort -n | tail -n 1)
  echo "  largest HTML file: $big bytes (target: none over 307200)"
  echo "  HTML files over 300 KB: $(find "$nout" -name '*.html' -size +300k | wc -l)"
  if [ -n "${CHROMIUM:-$(command -v chromium || true)}" ]; then
    SEARCH_MEASURE_OUTPUT=$nout go test -count=1 -run 'TestSearchWeightAtScale' -v ./internal/e2e 2>&1 | grep -E '^\s+\S+_test.go|^(ok|FAIL|---)' || true
    MAP_MEASURE_OUTPUT=$nout go test -count=1 -run 'TestMapWeightAtScale' -v ./internal/e2e 2>&1 | grep -E '^\s+\S+_test.go|^(ok|FAIL|---)' || true
  fi
  # Our output goes before the peers run: in memory (/dev/shm) it would
  # hold gigabytes of the machine's RAM against them.
  rm -rf "$nout" "$corpus/ids.lock"
  # peer_result NAME: a peer's ratio, or how it failed (a peer killed by
  # the kernel for want of memory exits 137).
  peer_result() {
    if [ "$status" != 0 ]; then
      echo "  $1 FAILED (exit $status$([ "$status" = 137 ] && echo ': killed, out of memory')) after $secs s at $((kb / 1024)) MB: no figure"
    else
      echo "  diachido is $(ratio "$secs" "$n_secs")x faster than $1, using $(ratio "$n_kb" "$kb") of its peak memory"
    fi
  }
  if [ "${NATIONAL_PEERS:-1}" = 1 ]; then
    if [ -n "$hugo" ]; then
      rm -rf "$out/hugo-national"; settle
      measure_cpu "hugo" "${peer1[@]}" "$corpus" "$out/hugo-national"
      peer_result Hugo
      rm -rf "$out/hugo-national"
    fi
    if [ -n "$hugo2" ]; then
      settle
      measure_cpu "hugo (HUGO)" "${peer2[@]}" "$corpus" "$out/hugo-national"
      peer_result HUGO
      rm -rf "$out/hugo-national"
    fi
  fi
fi

if [ "${placards:-0}" -gt 0 ]; then
  corpus=$work/corpus-$placards
  [ -f "$corpus/site.yaml" ] || (cd "$shared/bench/gencorpus" && go run . -n "$placards" -out "$corpus") >/dev/null
  echo
  echo "== $placards entries: placards (A4) =="
  cache=$work/placard-cache
  rm -rf "$cache" "$out/pl-$placards" "$out/pl2-$placards" "$corpus/ids.lock"
  # Target: <= 60 s for the whole build (HTML and placards), from nothing.
  measure_cpu "build with placards, cold" "$bin" build -source "$corpus" -output "$out/pl-$placards" -cache-dir "$cache"
  c_secs=$secs
  # Target: <= 2 s to refresh the placards of a built site, nothing changed
  # (the build's fingerprint says so: nothing to load or render).
  measure_cpu "placards, unchanged (cached)" "$bin" placards -source "$corpus" -output "$out/pl-$placards" -cache-dir "$cache"
  u_secs=$secs
  # The placards alone, without the cache, into a second folder: their
  # time, and a check that two renders are byte-identical.
  measure_cpu "placards only, no cache" "$bin" placards -source "$corpus" -output "$out/pl2-$placards" -cache-dir off
  files=$(find "$out/pl-$placards/placards" -name '*.pdf' | wc -l)
  echo "  $files PDF files; cold build $(awk -v s="$c_secs" 'BEGIN{print (s <= 60) ? "meets" : "misses"}') the 60 s target, unchanged refresh $(awk -v s="$u_secs" 'BEGIN{print (s <= 2) ? "meets" : "misses"}') the 2 s target"
  if diff -r -q "$out/pl-$placards/placards" "$out/pl2-$placards/placards" >/dev/null; then
    echo "  two placard renders: byte-identical"
  else
    echo "  two placard renders: DIFFER"; exit 1
  fi
  # One title edited: the site is loaded, every other PDF comes from the
  # cache, and only what changed is rendered and written.
  f=$(find "$corpus/content/sites" -name index.vi.md | sort | sed -n 1p)
  cp "$f" "$work/edited.bak"
  trap 'mv "$work/edited.bak" "$f"' EXIT
  sed -i 's/^title: \(.*\)$/title: \1 (sửa)/' "$f"
  measure_cpu "placards, one title edited (cached)" "$bin" placards -source "$corpus" -output "$out/pl-$placards" -cache-dir "$cache"
  mv "$work/edited.bak" "$f"
  trap - EXIT
fi
