using System.Diagnostics;
using Flux.Kernels;

namespace Flux.Benchmarks;

/// <summary>
/// Where a w2 step's time goes, in either element type: the median of many repetitions of each part
/// a training-fold step does (the two forward products, the weight-gradient product, the bias and
/// activation work, the loss, the ADAM pass over W₁), beside the whole step through the fold. A
/// stopwatch profile, not a BenchmarkDotNet job: it names the parts, the benchmarks time the whole.
/// </summary>
public static class StepProfile
{
    /// <summary>Runs <c>profile [float32|float64]</c>.</summary>
    public static int Run(string[] args)
    {
        var type = args.Contains("float32", StringComparer.OrdinalIgnoreCase) ? ElementType.Float32 : ElementType.Float64;
        var w1 = Tensor.Randn(new Seed(1), 128, 784).ToElementType(type) * 0.05;
        var w2 = Tensor.Randn(new Seed(2), 10, 128).ToElementType(type) * 0.05;
        var x = Tensor.Rand(new Seed(3), 784, 64).ToElementType(type);
        var dh = Tensor.Randn(new Seed(4), 128, 64).ToElementType(type);
        var h = Activation.Relu.Apply(w1 * x);
        var y = Labels.OneHot([.. Enumerable.Range(0, 64).Select(i => i % 10)], 10).ToElementType(type);
        var b = Tensor.Zeros(Shape.Vector(128), type);
        var model = Layers.Chain(Layers.Dense(784, 128, Activation.Relu, seed: 1, elementType: type), Layers.Dense(128, 10, seed: 2, elementType: type));
        var adam = Optimisers.ADAM();
        var state = adam.Init(model);
        var grads = Gradient.Of(() => Losses.LogitCrossEntropy(model.Apply(x), y), model.Params());
        var data = new Dataset(Tensor.Rand(new Seed(5), 784, 64 * 50).ToElementType(type), Labels.OneHot([.. Enumerable.Range(0, 64 * 50).Select(i => i % 10)], 10).ToElementType(type));

        Console.WriteLine($"w2 step parts, {type.Name()}, median of repetitions (µs):");
        Report("W1·X (128×784 · 784×64)", () => MatrixProduct.Multiply(w1, false, x, false, Shape.Matrix(128, 64)));
        Report("W2·H (10×128 · 128×64)", () => MatrixProduct.Multiply(w2, false, h, false, Shape.Matrix(10, 64)));
        Report("∂W1 = ∂H·Xᵀ (128×64 · (784×64)ᵀ)", () => MatrixProduct.Multiply(dh, false, x, true, Shape.Matrix(128, 784)));
        ReportKernels(type);
        Report("H .+ b", () => h + b);
        Report("relu.(H)", () => Activation.Relu.Apply(h));
        Report("relu′ (the pullback's Zip)", () => Elementwise.Zip<ReluSlopeForProfile>(h, dh));
        Report("∂b = Σ columns of ∂H", () => Broadcast.ReduceTo(dh, Shape.Vector(128)));
        Report("the forward pass and its gradient", () => Gradient.Of(() => Losses.LogitCrossEntropy(model.Apply(x), y), model.Params()));
        Report("ADAM over both layers (pure step)", () => adam.Step(state, model, grads));
        var (ps, lent, buffers) = (model.Params(), state, new FoldBuffers());
        Report("ADAM over both layers as the fold runs it", () =>
        {
            var (s0, p0) = (lent, ps);
            (lent, ps) = buffers.Lending(() => adam.Step(s0, p0, grads));
            buffers.Reclaim(() => ps, lent);
            return ps;
        });
        var (m, s, step) = (model, state, 0L);
        Report("a whole step in the fold (50 per call)", () =>
        {
            var run = Training.Resume(m, s, step, adam, static (net, x, y) => Losses.LogitCrossEntropy(net.Apply(x), y), data, (int)(step / 50) + 1, 64, seed: 1);
            (m, s, step) = (run.Model, run.State, run.Steps);
            return run.Model;
        }, perCall: 50);
        return 0;
    }

    // The weight-gradient product alone on preallocated arrays, on each kernel that can run it.
    private static void ReportKernels(ElementType type)
    {
        foreach (var (m, n, k) in new[] { (128, 784, 64), (10, 128, 64), (128, 784, 256), (512, 512, 64) })
        {
            var kernels = new List<IMatrixProductBackend> { MatrixProduct.Managed };
            if (MatrixProduct.Native is { } native) kernels.Add(native);
            if (OuterProductSum.Serves(m, n, k, false, true)) kernels.Add(OuterProductSum.Instance);
            foreach (var kernel in kernels)
                if (type == ElementType.Float32)
                {
                    var (a, b, c) = (new float[m * k], new float[n * k], new float[m * n]);
                    Report($"  A·Bᵀ {m}×{n}, depth {k}: {kernel.Name}", () => { kernel.Multiply(m, n, k, a, false, b, true, c); return c; });
                }
                else
                {
                    var (a, b, c) = (new double[m * k], new double[n * k], new double[m * n]);
                    Report($"  A·Bᵀ {m}×{n}, depth {k}: {kernel.Name}", () => { kernel.Multiply(m, n, k, a, false, b, true, c); return c; });
                }
        }
    }

    private static void Report<T>(string what, Func<T> part, int perCall = 1)
    {
        for (var i = 0; i < 200; i++) part(); // warm up for tiered compilation
        var times = new List<double>();
        var clock = new Stopwatch();
        for (var r = 0; r < 31; r++)
        {
            clock.Restart();
            for (var i = 0; i < 20; i++) part();
            times.Add(clock.Elapsed.TotalMicroseconds / 20 / perCall);
        }
        times.Sort();
        Console.WriteLine($"  {what,-52} {times[times.Count / 2],10:F1}");
    }

    private readonly struct ReluSlopeForProfile : IBinaryFn { public static double Apply(double x, double dy) => x > 0 ? dy : 0.0; }
}
