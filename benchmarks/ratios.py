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
                params = ", ".join(f"{k}={row[k]}" for k in ("N", "Kind", "Type", "Job") if row.get(k))
                yield row["Method"].strip("'"), params, micros(row["Median"]), row.get("Allocated", "")

peer = {}
for line in sys.argv[2].splitlines():  # "torch w1 float64 135.2 us"; float32 lines key w1f32, as our float32 benchmarks do
    parts = line.split()
    if len(parts) >= 4: peer[parts[1] + ("f32" if parts[2] == "float32" else "")] = float(parts[3])

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
    for t in ("Double", "Single"):
        managed, native = flux.get(f"matmul [N={n}, Kind=Managed, Type={t}, Job=default-gc]"), flux.get(f"matmul [N={n}, Kind=OpenBlas, Type={t}, Job=default-gc]")
        if managed and native:
            gflops = 2 * n ** 3 / 1e3
            print(f"matmul {n} {t.lower()}: managed {gflops / managed:6.1f} GFLOP/s, OpenBLAS {gflops / native:6.1f} GFLOP/s, managed/OpenBLAS = {native / managed:.0%}")

# "TorchSharp MLP 784-128-10 b64 Float64  threads=2: median 1.181 ms ...": the w2 step in libtorch 2.10, state carried
for line in (sys.argv[4] if len(sys.argv) > 4 else "").splitlines():
    m = re.search(r"MLP .* (Float64|Float32)\s+threads=\d+: median ([\d.]+) ms", line)
    if not m: continue
    workload = "w2" if m.group(1) == "Float64" else "w2f32"
    theirs = float(m.group(2)) * 1e3
    ours = next((v for k, v in flux.items() if k.split()[0] == workload and "Job=default-gc" in k and "fold" in k), None)
    if ours: print(f"{workload} in the fold against TorchSharp: {ours:.1f}us against {theirs:.1f}us, {theirs / ours:.2f}x")

floor = next((v for k, v in flux.items() if k.startswith("floor") and "Job=default-gc" in k), None)
if floor:
    for label, median in flux.items():
        if label.startswith("w3 ") and "Job=default-gc" in label:  # the floor moves float64's bytes
            print(f"{label}: {median / floor:.2f}x the bandwidth floor ({floor:.1f}us)")

# "flux fashion float64 4386806 us per epoch; accuracy 0.8578; peak rss 2043 MB", and flux-tuned, torch, torch-coretype
fashion = {}
for line in (sys.argv[3] if len(sys.argv) > 3 else "").splitlines():
    m = re.match(r"(\S+) fashion (\S+) (\d+) us per epoch; accuracy ([\d.]+); peak (?:rss|working set) (\d+) MB", line.strip())
    if m: fashion[(m.group(1), m.group(2))] = (float(m.group(3)) / 1e6, float(m.group(4)), int(m.group(5)))
for dtype in ("float64", "float32"):
    if ("torch", dtype) not in fashion: continue
    t_s, t_acc, t_mb = fashion[("torch", dtype)]
    print(f"\n{'Fashion-MNIST ' + dtype + ' (median s/epoch after the first)':48} {'s/epoch':>9} {'accuracy':>9} {'peak MB':>8} {'speed-up':>9} {'memory':>7}")
    for who, label in (("flux", "Flux, default GC"), ("flux-tuned", "Flux, tuned GC"), ("torch", "PyTorch"),
                       ("torch-coretype", "PyTorch, OPENBLAS_CORETYPE set"), ("torchsharp", "TorchSharp (libtorch 2.10)")):
        if (who, dtype) in fashion:
            s_, acc, mb = fashion[(who, dtype)]
            print(f"{label + ' ' + dtype:48} {s_:9.2f} {acc:9.4f} {mb:8d} {t_s / s_:8.2f}x {mb / t_mb:6.2f}x")
