#!/usr/bin/env bash
# Side by side on the same data in one run: vgrid project (fast, exact) vs Montage mProjectPP and
# mProject, astropy reproject_exact and SWarp for reference, then the whole background-matched
# 1-square-degree mosaic (45 images of 512x1024, 3600x3600 output) with vgrid mosaic and with
# Montage's chain (mProjExec, mOverlaps, mDiffExec, mFitExec, mBgModel, mBgExec, mAdd).
#
# Usage: tests/VolunteerGrid.Benchmarks/scripts/mosaic-vs-montage.sh [WORKDIR] [N_FAST] [N_EXACT] [REPEATS]
#   N_FAST images for the fast comparisons (default 8), N_EXACT for the exact ones (default 2),
#   REPEATS rounds of everything, best taken (default 3).
#
# The machine is shared: wall time measures the neighbours as much as the code. So every figure is
# CPU time (user + sys of the process tree, from /usr/bin/time; Process.TotalProcessorTime in
# process), best of REPEATS, and Mpx/s per core = input Mpx / CPU seconds. Wall seconds are printed
# beside them. Two kinds of vgrid figure:
#   CLI      one process per image (vgrid project), as Montage's executables run: pays .NET start + JIT
#            (~0.1-0.2 s CPU) per image; single-image tools run pinned to one core (taskset -c 0).
#   kernel   in process, after warm-up, images read once, one core (tests/VolunteerGrid.Benchmarks
#            mosaic-kernel): the reprojection itself, what a long-running agent or vgrid mosaic pays.
# The whole mosaic's stages come from `vgrid mosaic --timings` (with --bg-match the overlap fits run
# on the projecting threads as soon as both images of a pair are projected: 'project+fit'; the co-add
# streams into the output files: 'coadd+write') and, warm and in process, from `mosaic-stages`.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../../.." && pwd)
work=${1:-/tmp/vgrid-mosaic-bench}
n_fast=${2:-8}
n_exact=${3:-2}
repeats=${4:-3}
mkdir -p "$work"
cd "$work"

[ -f template.hdr ] || /usr/bin/python3 "$repo/tests/VolunteerGrid.Benchmarks/scripts/make-mosaic-field.py" "$work"
dotnet build -c Release -nologo -v q "$repo/coordinator/VolunteerGrid.Cli" -o "$work/bin" >/dev/null
dotnet build -c Release -nologo -v q "$repo/tests/VolunteerGrid.Benchmarks" -o "$work/benchbin" >/dev/null
vgrid="$work/bin/vgrid"
bench="$work/benchbin/VolunteerGrid.Benchmarks"
mpx_per_image=$(/usr/bin/python3 -c 'print(512*1024/1e6)')

# best CMD...: runs CMD REPEATS times under /usr/bin/time; prints "best_cpu_s best_wall_s".
best() {
  local log; log=$(mktemp)
  for _ in $(seq "$repeats"); do
    if ! /usr/bin/time -q -a -o "$log" -f '%U %S %e' "$@" >/dev/null 2>"$log.err"; then
      echo "FAILED: $* (stderr below)" >&2; tail -n 5 "$log.err" >&2; rm -f "$log" "$log.err"; return 1
    fi
  done
  rm -f "$log.err"
  awk 'BEGIN { c = 1e9; w = 1e9 } { if ($1 + $2 < c) c = $1 + $2; if ($3 < w) w = $3 } END { printf "%.3f %.3f\n", c, w }' "$log"
  rm -f "$log"
}
loop() { # loop N OUTDIR CMD... (CMD gets IN OUT appended)
  local n=$1 dir=$2; shift 2; rm -rf "$dir"; mkdir -p "$dir"
  for i in $(seq -f '%02g' 0 $((n - 1))); do "$@" "raw/img$i.fits" "$dir/img$i.fits"; done
}
vproj() { taskset -c 0 "$vgrid" project "$2" "$3" template.hdr --method "$1"; }
run_vfast() { vproj fast "$@"; }
run_vexact() { vproj exact "$@"; }
run_pp() { taskset -c 0 mProjectPP "$1" "$2" template.hdr; }
run_p() { taskset -c 0 mProject "$1" "$2" template.hdr; }
run_astropy() {
  taskset -c 0 /usr/bin/python3 -c '
import sys, numpy as np
from astropy.io import fits
from astropy.wcs import WCS
from reproject import reproject_exact
from reproject.mosaicking import find_optimal_celestial_wcs
import astropy.units as u
h = fits.open(sys.argv[1])[0]
t = fits.Header.fromtextfile("template.hdr")
# Cut the template to the input footprint first, as mProject does, so the work is comparable.
wcs, shape = find_optimal_celestial_wcs([(h.data.shape, WCS(h.header))], frame="icrs", resolution=1 * u.arcsec)
out, fp = reproject_exact((h.data, WCS(h.header)), wcs, shape_out=shape, parallel=False)
fits.PrimaryHDU(out.astype(np.float32), wcs.to_header()).writeto(sys.argv[2], overwrite=True)' "$1" "$2"
}
run_swarp() {
  cp template.hdr "${2%.fits}.head"
  (cd "$(dirname "$2")" && taskset -c 0 SWarp "$work/$1" -IMAGEOUT_NAME "$(basename "$2")" -WEIGHTOUT_NAME "w_$(basename "$2")" \
     -RESAMPLING_TYPE LANCZOS3 -COMBINE N -SUBTRACT_BACK N -VERBOSE_TYPE QUIET -WRITE_XML N -NTHREADS 1 -RESAMPLE_DIR . -RESAMPLE Y)
}
export -f loop vproj run_vfast run_vexact run_pp run_p run_astropy run_swarp
export vgrid work

rate() { /usr/bin/python3 -c "import sys; n,mpx,t=map(float,sys.argv[1:]); print(f'{n*mpx/t:8.3f}')" "$1" "$mpx_per_image" "$2"; }
ratio() { /usr/bin/python3 -c "import sys; a,b=map(float,sys.argv[1:]); print(f'{b/a:6.1f}x')" "$1" "$2"; }
row() { # row LABEL N_IMAGES "CPU WALL" [REFERENCE_CPU]
  local cpu wall; read -r cpu wall <<<"$3"
  printf '%-44s %8s Mpx/s/core  (cpu %7.3f s, wall %7.3f s)%s\n' "$1" "$(rate "$2" "$cpu")" "$cpu" "$wall" \
    "${4:+  vgrid is $(ratio "$4" "$cpu") faster}"
}
kernel() { # kernel METHOD N: in-process figure as "CPU WALL"
  local images; images=$(for i in $(seq -f '%02g' 0 $(($2 - 1))); do printf 'raw/img%s.fits ' "$i"; done)
  # shellcheck disable=SC2086
  taskset -c 0 "$bench" mosaic-kernel "$1" template.hdr "$repeats" $images | awk '{ print $8, $10 }'
}

echo "== reprojection, per core: CPU seconds (user+sys), best of $repeats; $n_fast images (fast) / $n_exact (exact) of 512x1024;"
echo "   $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg); Mpx/s/core = input Mpx / CPU s; 'vs' ratios compare CPU time"
k_fast=$(kernel fast "$n_fast")
c_vfast=$(best bash -c "loop $n_fast out_vfast run_vfast")
c_pp=$(best bash -c "loop $n_fast out_pp run_pp")
c_swarp=$(best bash -c "loop $n_fast out_swarp run_swarp")
k_exact=$(kernel exact "$n_exact")
c_vexact=$(best bash -c "loop $n_exact out_vexact run_vexact")
c_p=$(best bash -c "loop $n_exact out_p run_p")
c_astropy=$(best bash -c "loop $n_exact out_astropy run_astropy")
row "vgrid fast, kernel in process (warm)" "$n_fast" "$k_fast"
row "vgrid project --method fast, CLI per image" "$n_fast" "$c_vfast"
row "Montage mProjectPP, per image" "$n_fast" "$c_pp"
echo "   vgrid fast vs mProjectPP: kernel $(ratio "${k_fast%% *}" "${c_pp%% *}"), CLI $(ratio "${c_vfast%% *}" "${c_pp%% *}")"
row "SWarp LANCZOS3 (reference), per image" "$n_fast" "$c_swarp"
row "vgrid exact, kernel in process (warm)" "$n_exact" "$k_exact"
row "vgrid project --method exact, CLI per image" "$n_exact" "$c_vexact"
row "Montage mProject, per image" "$n_exact" "$c_p"
echo "   vgrid exact vs mProject: kernel $(ratio "${k_exact%% *}" "${c_p%% *}"), CLI $(ratio "${c_vexact%% *}" "${c_p%% *}")"
row "astropy reproject_exact (reference)" "$n_exact" "$c_astropy"
echo "   vgrid exact vs astropy reproject_exact: kernel $(ratio "${k_exact%% *}" "${c_astropy%% *}"), CLI $(ratio "${c_vexact%% *}" "${c_astropy%% *}")"

echo "== whole mosaic: 45 images, 3600x3600, background-matched, best of $repeats (CLI end to end, files in and out)"
c_mosaic=$(best taskset -c 0,1 "$vgrid" mosaic raw template.hdr vgrid_mosaic.fits --bg-match --method fast --threads 2)
montage_chain() {
  rm -rf proj diff corr && mkdir -p proj diff corr
  # Relative paths: mImgtbl records the folder it is given in each fname, and mAdd/mBgExec ignore -p
  # for an absolute fname (they would co-add the uncorrected proj/ images).
  mImgtbl raw raw.tbl && mProjExec -q -p raw raw.tbl template.hdr proj stats.tbl && mImgtbl proj images.tbl &&
  mOverlaps images.tbl diffs.tbl && mDiffExec -p proj diffs.tbl template.hdr diff && mFitExec diffs.tbl fits.tbl diff &&
  mBgModel images.tbl fits.tbl corrections.tbl && mBgExec -p proj images.tbl corrections.tbl corr &&
  mAdd -e -p corr images.tbl template.hdr montage_mosaic.fits
}
export -f montage_chain
c_chain=$(best taskset -c 0 bash -c montage_chain)
read -r mcpu mwall <<<"$c_mosaic"
read -r ccpu cwall <<<"$c_chain"
printf '%-44s cpu %7.3f s, wall %7.3f s on 2 cores (goal: wall <= 1.5 s)\n' "vgrid mosaic --bg-match --threads 2" "$mcpu" "$mwall"
printf '%-44s cpu %7.3f s, wall %7.3f s on 1 core\n' "Montage chain (mProjExec -q ... mAdd)" "$ccpu" "$cwall"
echo "   vgrid mosaic vs Montage chain: CPU $(ratio "$mcpu" "$ccpu") less; wall $(ratio "$mwall" "$cwall") (loaded machine: wall is indicative only)"
echo "   stages of one vgrid mosaic run (--timings):"
"$vgrid" mosaic raw template.hdr vgrid_mosaic.fits --bg-match --method fast --threads 2 --timings | grep '^timing' | sed 's/^/     /'
echo "   stages after projection, in process and warm, 2 threads (mosaic-stages: images projected once; best of $repeats):"
"$bench" mosaic-stages raw template.hdr stages_mosaic.fits 2 "$repeats" | sed 's/^/     /'
