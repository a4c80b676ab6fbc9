// Namespaces nearly every file of the library uses: immutable collections for values, the
// kernels and 256-bit vectors for the fused loops.
global using System.Collections.Immutable;
global using System.Runtime.Intrinsics;
global using Flux.Kernels;
