#!/usr/bin/env bash
# Runs the Flux benchmarks and the PyTorch peer in one go and prints medians and ratios:
# the BenchmarkDotNet step benchmarks beside torch_bench.py, then the end-to-end Fashion-MNIST run
# (ours under the default GC and the tuned GC) beside fashion_torch.py.
# Needs: apt-get install -y python3-torch libopenblas0-pthread dataset-fashion-mnist
# Usage: benchmarks/run.sh [BenchmarkDotNet filter...]   (default: every benchmark)
#   FLUX_FASHION_EPOCHS=N   epochs of the Fashion-MNIST run (default 5; 0 skips it)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
shared=${FLUX_SHARED:-$root/../shared}
artifacts=$root/benchmarks/BenchmarkDotNet.Artifacts
fashion=${FLUX_FASHION_DATA:-/usr/share/datasets/fashion-mnist}
epochs=${FLUX_FASHION_EPOCHS:-5}
filters=("$@"); [ ${#filters[@]} -gt 0 ] || filters=('*')
tuned=(env DOTNET_GCgen0size=0x4000000 DOTNET_GCLOHThreshold=0x1000000)

rm -rf "$artifacts/results"
dotnet run -c Release --project "$root/benchmarks/Flux.Benchmarks" -- --filter "${filters[@]}" \
  --exporters csv --artifacts "$artifacts" > "$artifacts.log" 2>&1 || { tail -40 "$artifacts.log"; exit 1; }
torch=$(/usr/bin/python3 "$shared/bench/torch_bench.py" w1 w2 w3 2>/dev/null | grep -E 'float(64|32)' || true)
# PyTorch uses the system's OpenBLAS too, which on a virtual CPU that hides its model runs Prescott's
# SSE3 kernels; Flux names the kernel set by the CPU's instruction sets. The peer is also run with
# the same OPENBLAS_CORETYPE, as a user who knows the setting would run it.
coretype=$(grep -qw avx512bw /proc/cpuinfo && echo SkylakeX || { grep -qw avx2 /proc/cpuinfo && echo Haswell; } || true)
if [ -n "$coretype" ] && [ -z "${OPENBLAS_CORETYPE:-}" ]; then
  torch_core=$(OPENBLAS_CORETYPE=$coretype /usr/bin/python3 "$shared/bench/torch_bench.py" w1 w2 w3 2>/dev/null | grep -E 'float(64|32)' || true)
  echo "== PyTorch with OPENBLAS_CORETYPE=$coretype"; echo "$torch_core"
fi

# TorchSharp (libtorch 2.10), the peer a .NET user would pick, where it builds: it needs g++ and
# patchelf for its shim (../shared/bench/torchsharp/README.md).
tsharp="" ts=$artifacts/torchsharp
if [ -d "$shared/bench/torchsharp" ] && command -v g++ >/dev/null && command -v patchelf >/dev/null; then
  rm -rf "$ts"; cp -r "$shared/bench/torchsharp" "$ts"; chmod -R u+w "$ts"
  if (cd "$ts" && dotnet build -c Release -o out > build.log 2>&1 && ./fix_torchsharp.sh out/runtimes/linux-x64/native >> build.log 2>&1); then
    tsharp=$(dotnet "$ts/out/TorchBench.dll" 2>/dev/null | grep -E 'MLP .*threads=2' || true)
    echo "== TorchSharp"; echo "$tsharp"
  else
    echo "TorchSharp did not build (see $ts/build.log): its figures are left out" >&2; ts=""
  fi
else
  echo "TorchSharp needs g++ and patchelf (apt-get install -y g++ patchelf): its figures are left out" >&2; ts=""
fi

lines=""
if [ "$epochs" -gt 0 ] && [ -f "$fashion/train-images-idx3-ubyte.gz" ]; then
  run_flux() { local type=$1; shift; "$@" dotnet run -c Release --no-build --project "$root/benchmarks/Flux.Benchmarks" -- fashion "$fashion" "$epochs" "$type"; }
  for type in float64 float32; do
    echo "== Fashion-MNIST, $epochs epochs, $type: Flux (default GC)"; out=$(run_flux $type env); echo "$out"; lines+=$(grep '^flux fashion' <<<"$out")$'\n'
    if [ $type = float64 ]; then
      echo "== Fashion-MNIST, $epochs epochs, $type: Flux (tuned GC)"; out=$(run_flux $type "${tuned[@]}"); echo "$out"
      lines+=$(grep '^flux fashion' <<<"$out" | sed 's/^flux fashion/flux-tuned fashion/')$'\n'
    fi
    echo "== Fashion-MNIST, $epochs epochs, $type: PyTorch"; out=$(/usr/bin/python3 "$shared/bench/fashion_torch.py" "$fashion" "$epochs" $type); echo "$out"
    lines+=$(grep '^torch fashion' <<<"$out")$'\n'
    if [ -n "$coretype" ] && [ -z "${OPENBLAS_CORETYPE:-}" ]; then
      echo "== Fashion-MNIST, $epochs epochs, $type: PyTorch with OPENBLAS_CORETYPE=$coretype"
      out=$(OPENBLAS_CORETYPE=$coretype /usr/bin/python3 "$shared/bench/fashion_torch.py" "$fashion" "$epochs" $type); echo "$out"
      lines+=$(grep '^torch fashion' <<<"$out" | sed 's/^torch fashion/torch-coretype fashion/')$'\n'
    fi
    if [ -n "$ts" ]; then
      echo "== Fashion-MNIST, $epochs epochs, $type: TorchSharp"
      out=$(dotnet "$ts/out/TorchBench.dll" fashion "$fashion" "$epochs" $type) || echo "TorchSharp's run failed: its figures are left out" >&2
      echo "$out"
      lines+=$(grep '^torchsharp fashion' <<<"$out")$'\n'
    fi
  done
elif [ "$epochs" -gt 0 ]; then
  echo "Fashion-MNIST is not in $fashion (apt-get install -y dataset-fashion-mnist): end-to-end run skipped" >&2
fi
python3 "$root/benchmarks/ratios.py" "$artifacts/results" "$torch" "$lines" "$tsharp"
