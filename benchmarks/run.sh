#!/usr/bin/env bash
# Runs the Flux benchmarks and the PyTorch peer in one go and prints medians and ratios.
# Needs: apt-get install -y python3-torch libopenblas0-pthread   (the peer, and OpenBLAS for the native matmul)
# Usage: benchmarks/run.sh [BenchmarkDotNet filter...]   (default: every benchmark)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${FLUX_SHARED:-$root/../shared}
artifacts=$root/benchmarks/BenchmarkDotNet.Artifacts
filters=("$@"); [ ${#filters[@]} -gt 0 ] || filters=('*')

rm -rf "$artifacts/results"
dotnet run -c Release --project "$root/benchmarks/Flux.Benchmarks" -- --filter "${filters[@]}" \
  --exporters csv --artifacts "$artifacts" > "$artifacts.log" 2>&1 || { tail -40 "$artifacts.log"; exit 1; }
torch=$(/usr/bin/python3 "$shared/bench/torch_bench.py" w1 w2 w3 2>/dev/null | grep float64 || true)
python3 "$root/benchmarks/ratios.py" "$artifacts/results" "$torch"
