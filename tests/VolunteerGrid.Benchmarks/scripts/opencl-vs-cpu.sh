#!/usr/bin/env bash
# OpenCL (first usable device; PoCL's CPU device here) against our CPU kernels, side by side:
# fast reprojection and wavelet denoising, Mpx/s per wall second and per CPU second.
# Usage: tests/VolunteerGrid.Benchmarks/scripts/opencl-vs-cpu.sh [REPEATS] [SIZE...]   (default 3 1024 2048)
set -euo pipefail
cd "$(dirname "$0")/../../.."
repeats=${1:-3}
shift || true
sizes=${*:-1024 2048}
export VGRID_OPENCL_CACHE=${VGRID_OPENCL_CACHE:-${TMPDIR:-/tmp}/vgrid-opencl-bench-cache}
dotnet run -c Release --project tests/VolunteerGrid.Benchmarks -- opencl-side-by-side "$repeats" $sizes
