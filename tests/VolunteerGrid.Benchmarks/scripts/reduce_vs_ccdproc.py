"""Side-by-side timing of one WFI-like CCD (2088x4096, 13 raw frames: 5 bias, 5 flat, 3 science).

Times, on the SAME float32 frames and on one core each:
  ccdproc   the recipe in tests/data/ccd/ccdproc_reference.py (what our reduce kind matches)
  numpy     a minimal reduction: row-median overscan, trim, plain mean of biases and of
            median-normalised flats, (sci - bias) / flat * gain; no clipping, no masks
  ours      VolunteerGrid's full reduction (sigma-clipped masters, bad-pixel map, masks)
and a memory copy of the same bytes (numpy and .NET). Prints raw Mpx/s, ratios and GB/s.
Called by reduce-vs-ccdproc.sh; arguments: WORKDIR REPO_ROOT.
"""
import json
import os
import subprocess
import sys
import time

import numpy as np

W, H, DW = 2088, 4096, 2048
work, repo = sys.argv[1], sys.argv[2]
rng = np.random.default_rng(1)


def frame(signal):
    a = 500 + rng.normal(0, 4, (H, W)).astype(np.float32)
    a[:, :DW] += signal
    return np.round(a).astype(np.float32)


files = {"bias": [], "flat": [], "sci": []}
for kind, count, signal in (("bias", 5, 0), ("flat", 5, 15000), ("sci", 3, 2000)):
    for i in range(count):
        path = os.path.join(work, f"{kind}{i + 1}.f32")
        frame(signal).tofile(path)
        files[kind].append(path)
raw_pixels = 13 * W * H
raw_bytes = raw_pixels * 4


def best(fn, repeats, clock=time.process_time):
    # CPU time by default: the machines this runs on are shared, and a single-threaded run burns
    # exactly its CPU time; wall time would count the other tenants.
    times = []
    for _ in range(repeats):
        t = clock()
        fn()
        times.append(clock() - t)
    return min(times)


sys.path.insert(0, os.path.join(repo, "tests", "data", "ccd"))
import ccdproc_reference  # noqa: E402

out = os.path.join(work, "ccdproc-out")
os.makedirs(out, exist_ok=True)
manifest = {
    "mode": "reduce", "out": out, "shape": [H, W], "overscan": "median", "order": 3,
    "biassec": f"[{DW + 1}:{W},1:{H}]", "trimsec": f"[1:{DW},1:{H}]",
    "clip": {"low": 3, "high": 3, "func": "mean", "dev_func": "std", "method": "mean", "maxiters": 1},
    "bias": files["bias"], "dark": [], "dark_exptime": [], "flat": files["flat"], "flat_exptime": [5] * 5,
    "science": files["sci"], "science_exptime": [300] * 3, "gain": 2.0,
}


def load(p):
    return np.fromfile(p, dtype="<f4").reshape(H, W)


def minimal_numpy():
    def prep(a):
        return a[:, :DW] - np.median(a[:, DW:], axis=1)[:, None]
    bias = np.mean([prep(load(p)) for p in files["bias"]], axis=0)
    flats = []
    for p in files["flat"]:
        f = prep(load(p)) - bias
        flats.append(f / np.median(f))
    flat = np.mean(flats, axis=0)
    flat /= np.median(flat)
    return [(prep(load(p)) - bias) / flat * 2.0 for p in files["sci"]]


REPEATS = int(os.environ.get("REPEATS", "3"))
t_ccdproc = best(lambda: ccdproc_reference.run(manifest), REPEATS)
t_numpy = best(minimal_numpy, REPEATS)
src = np.ones(raw_pixels, dtype=np.float32)
dst = np.empty_like(src)
t_copy_np = best(lambda: np.copyto(dst, src), 5, time.perf_counter)

dll = os.path.join(repo, "tests", "VolunteerGrid.Benchmarks", "bin", "Release", "net10.0", "VolunteerGrid.Benchmarks.dll")
ours = {}
for threads in (1, os.cpu_count()):
    text = subprocess.run(["dotnet", dll, "ccd-side-by-side", work, str(W), str(H), str(DW), str(threads), str(REPEATS)],
                          check=True, capture_output=True, text=True).stdout
    ours[threads] = dict(line.split("=") for line in text.split())
t_ours = float(ours[1]["ours_cpu_seconds"])
t_copy_net = float(ours[1]["copy_seconds"])
mpx = raw_pixels / 1e6

print(f"data: one {W}x{H} CCD, 13 raw frames = {mpx:.1f} Mpx = {raw_bytes / 1e9:.3f} GB (float32)")
print(f"{'':10s}{'seconds':>10s}{'raw Mpx/s':>12s}{'GB/s':>8s}  (one core; CPU seconds of the reduction alone, best of {REPEATS}; memcpy wall)")
print("  ours: in-process after a warm-up run (JIT done), as ccdproc's and numpy's timings exclude the interpreter start")
for name, t in (("ccdproc", t_ccdproc), ("numpy", t_numpy), ("ours", t_ours), ("memcpy", t_copy_net)):
    print(f"{name:10s}{t:10.3f}{mpx / t:12.1f}{raw_bytes / t / 1e9:8.2f}")
t_all = float(ours[os.cpu_count()]["ours_seconds"])
print(f"ours on {os.cpu_count()} cores: {t_all:.3f} s wall = {mpx / t_all:.1f} raw Mpx/s; one core {float(ours[1]['ours_seconds']):.3f} s wall")
print(f"ratio ours/ccdproc (per core): {t_ccdproc / t_ours:.1f}x   (goal >= 20x)")
print(f"ratio ours/numpy   (per core): {t_numpy / t_ours:.1f}x")
print(f"ours achieves {raw_bytes / t_ours / 1e9:.2f} GB/s = {100 * t_copy_net / t_ours:.1f} % of a .NET memory copy "
      f"({raw_bytes / t_copy_net / 1e9:.1f} GB/s; numpy copy {raw_bytes / t_copy_np / 1e9:.1f} GB/s)")
print(json.dumps({"ccdproc_s": t_ccdproc, "numpy_s": t_numpy, "ours_1core_s": t_ours, "ours_all_s": t_all,
                  "copy_s": t_copy_net, "raw_mpx": mpx}))
