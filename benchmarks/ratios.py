"""Reads BenchmarkDotNet's CSV reports and the peer's lines, prints medians side by side with ratios."""
import csv, glob, os, re, sys

UNITS = {"ns": 1e-3, "us": 1.0, "μs": 1.0, "ms": 1e3, "s": 1e6}

def micros(text):
    number, unit = re.match(r"([\d.,]+)\s*(\S+)", text.strip()).groups()
    return float(number.replace(",", "")) * UNITS[unit]

def rows(folder):
    for path in sorted(glob.glob(os.path.join(folder, "*-report.csv"))):
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                params = ", ".join(f"{k}={row[k]}" for k in ("N", "Kind", "Job") if row.get(k))
                yield row["Method"].strip("'"), params, micros(row["Median"]), row.get("Allocated", "")

peer = {}
for line in sys.argv[2].splitlines():  # "torch w1 float64 135.2 us"
    parts = line.split()
    if len(parts) >= 4: peer[parts[1]] = float(parts[3])

print(f"{'benchmark':48} {'median':>12} {'allocated':>11} {'PyTorch':>12} {'speed-up':>9}")
flux = {}
for name, params, median, allocated in rows(sys.argv[1]):
    label = f"{name} [{params}]" if params else name
    workload = name.split()[0]
    flux[label] = median
    ratio = f"{peer[workload] / median:8.1f}x" if workload in peer else ""
    theirs = f"{peer[workload]:10.1f}us" if workload in peer else ""
    print(f"{label:48} {median:10.1f}us {allocated:>11} {theirs:>12} {ratio:>9}")
for n in (64, 256, 1024):
    managed, native = flux.get(f"matmul [N={n}, Kind=Managed, Job=default-gc]"), flux.get(f"matmul [N={n}, Kind=OpenBlas, Job=default-gc]")
    if managed and native:
        gflops = 2 * n ** 3 / 1e3
        print(f"matmul {n}: managed {gflops / managed:6.1f} GFLOP/s, OpenBLAS {gflops / native:6.1f} GFLOP/s, managed/OpenBLAS = {native / managed:.0%}")
