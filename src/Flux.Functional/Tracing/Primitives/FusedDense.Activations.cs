namespace Flux;

/// <summary>Which activation a fused dense node applies (<see cref="DenseActivation"/>).</summary>
internal enum DenseActivationKind { Identity, Sigmoid, Relu, LeakyRelu, Tanh, Softplus }

/// <summary>
/// σ as the fused dense node (<see cref="Ops.Dense"/>) applies it: one of the library's elementwise
/// activations and, for leaky relu, its slope α. It is Layers' <see cref="Activation"/> union seen from
/// Tracing, which Layers builds on and which cannot name it; <c>Activation.Fused</c> is the one mapping.
/// </summary>
internal readonly record struct DenseActivation(DenseActivationKind Kind, double Alpha = 0)
{
    /// <summary>Whether σ′ reads the pre-activation <c>z .+ b</c> (softplus; leaky relu with α &lt; 0), so that the node keeps it beside <c>y</c>.</summary>
    public bool ReadsPreActivation => Kind == DenseActivationKind.Softplus || (Kind == DenseActivationKind.LeakyRelu && Alpha < 0);

    /// <summary>The kind, with α for leaky relu.</summary>
    public override string ToString() => Kind == DenseActivationKind.LeakyRelu ? $"LeakyRelu({Alpha:R})" : Kind.ToString();
}

/// <summary>
/// An activation σ in the form the fused dense passes (<see cref="FusedDensePasses"/>) call: its value
/// <c>σ(v)</c> and its slope times the adjoint, <c>σ′ · ∂y</c> (given what σ′ reads: <c>v</c> or
/// <c>y</c>), each in double and float and, where <see cref="Vectorised"/>, on whole vectors with the
/// same bits lane by lane. Instances carry the parameters (leaky relu's α).
/// </summary>
internal interface IAffineFn
{
    /// <summary>Whether the vector forms exist; the others are never called.</summary>
    static abstract bool Vectorised { get; }

    /// <summary>Whether σ is the identity, so that <c>∂z = ∂y</c> needs no array of its own.</summary>
    static abstract bool IsIdentity { get; }

    double Forward(double v);
    float Forward(float v);
    Vector256<double> Forward(Vector256<double> v);
    Vector256<float> Forward(Vector256<float> v);
    double Slope(double s, double dy);
    float Slope(float s, float dy);
    Vector256<double> Slope(Vector256<double> s, Vector256<double> dy);
    Vector256<float> Slope(Vector256<float> s, Vector256<float> dy);
}

/// <summary><c>σ(v) = v</c>, <c>∂z = ∂y</c>.</summary>
internal readonly struct AffineIdentity : IAffineFn
{
    public static bool Vectorised => true;
    public static bool IsIdentity => true;
    public double Forward(double v) => v;
    public float Forward(float v) => v;
    public Vector256<double> Forward(Vector256<double> v) => v;
    public Vector256<float> Forward(Vector256<float> v) => v;
    public double Slope(double s, double dy) => dy;
    public float Slope(float s, float dy) => dy;
    public Vector256<double> Slope(Vector256<double> s, Vector256<double> dy) => dy;
    public Vector256<float> Slope(Vector256<float> s, Vector256<float> dy) => dy;
}

/// <summary><c>relu(v) = v &gt; 0 ? v : +0</c>; <c>∂z = y &gt; 0 ? ∂y : +0</c> (<c>y &gt; 0</c> exactly where <c>v &gt; 0</c>; NaN gives +0), as <see cref="Ops.Relu"/>.</summary>
internal readonly struct AffineRelu : IAffineFn
{
    public static bool Vectorised => true;
    public static bool IsIdentity => false;
    public double Forward(double v) => v > 0 ? v : 0.0;
    public float Forward(float v) => v > 0 ? v : 0f;
    public Vector256<double> Forward(Vector256<double> v) => Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<double>.Zero), v, Vector256<double>.Zero);
    public Vector256<float> Forward(Vector256<float> v) => Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, Vector256<float>.Zero);
    public double Slope(double s, double dy) => s > 0 ? dy : 0.0;
    public float Slope(float s, float dy) => s > 0 ? dy : 0f;
    public Vector256<double> Slope(Vector256<double> s, Vector256<double> dy) => Vector256.ConditionalSelect(Vector256.GreaterThan(s, Vector256<double>.Zero), dy, Vector256<double>.Zero);
    public Vector256<float> Slope(Vector256<float> s, Vector256<float> dy) => Vector256.ConditionalSelect(Vector256.GreaterThan(s, Vector256<float>.Zero), dy, Vector256<float>.Zero);
}

/// <summary>
/// <c>leakyrelu(v) = v &gt; 0 ? v : α·v</c>; <c>∂z = s &gt; 0 ? ∂y : α·∂y</c>, as <see cref="Ops.LeakyRelu"/>:
/// the product in double, rounded once to float32 (the float lanes widen, multiply and narrow).
/// </summary>
internal readonly struct AffineLeakyRelu(double alpha) : IAffineFn
{
    public static bool Vectorised => true;
    public static bool IsIdentity => false;
    public double Forward(double v) => v > 0 ? v : alpha * v;
    public float Forward(float v) => v > 0 ? v : (float)(alpha * v);
    public Vector256<double> Forward(Vector256<double> v) => Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<double>.Zero), v, v * alpha);
    public Vector256<float> Forward(Vector256<float> v) => Vector256.ConditionalSelect(Vector256.GreaterThan(v, Vector256<float>.Zero), v, Scaled(v));
    public double Slope(double s, double dy) => s > 0 ? dy : alpha * dy;
    public float Slope(float s, float dy) => s > 0 ? dy : (float)(alpha * dy);
    public Vector256<double> Slope(Vector256<double> s, Vector256<double> dy) => Vector256.ConditionalSelect(Vector256.GreaterThan(s, Vector256<double>.Zero), dy, dy * alpha);
    public Vector256<float> Slope(Vector256<float> s, Vector256<float> dy) => Vector256.ConditionalSelect(Vector256.GreaterThan(s, Vector256<float>.Zero), dy, Scaled(dy));

    private Vector256<float> Scaled(Vector256<float> v)
    {
        var (lo, hi) = Vector256.Widen(v);
        return Vector256.Narrow(lo * alpha, hi * alpha);
    }
}

/// <summary>
/// An activation whose value is its rule's whole-tensor kernel and whose slope is the scalar
/// function <typeparamref name="TSlope"/> of the output and <c>∂y</c>: σ (<c>y(1 − y)·∂y</c>,
/// <see cref="ScalarRule.Sigmoid"/>) and tanh (<c>(1 − y²)·∂y</c>, <see cref="ScalarRule.Tanh"/>).
/// The slope is evaluated in double and rounded once to float32.
/// </summary>
internal readonly struct AffineSlopeOf<TSlope> : IAffineFn where TSlope : struct, IBinaryFn
{
    public static bool Vectorised => false;
    public static bool IsIdentity => false;
    public double Forward(double v) => throw ScalarOnly.NotHere;
    public float Forward(float v) => throw ScalarOnly.NotHere;
    public Vector256<double> Forward(Vector256<double> v) => throw ScalarOnly.NotHere;
    public Vector256<float> Forward(Vector256<float> v) => throw ScalarOnly.NotHere;
    public double Slope(double y, double dy) => TSlope.Apply(y, dy);
    public float Slope(float y, float dy) => (float)TSlope.Apply(y, dy);
    public Vector256<double> Slope(Vector256<double> s, Vector256<double> dy) => throw ScalarOnly.NotHere;
    public Vector256<float> Slope(Vector256<float> s, Vector256<float> dy) => throw ScalarOnly.NotHere;
}

/// <summary>softplus <c>max(v, 0) + log1p(exp(−|v|))</c> and its slope <c>∂y / (1 + exp(−v))</c> (<see cref="ScalarRule.Softplus"/>), in double, rounded once to float32.</summary>
internal readonly struct AffineSoftplus : IAffineFn
{
    public static bool Vectorised => false;
    public static bool IsIdentity => false;
    public double Forward(double v) => ScalarRule.SoftplusFn.Apply(v);
    public float Forward(float v) => (float)ScalarRule.SoftplusFn.Apply(v);
    public Vector256<double> Forward(Vector256<double> v) => throw ScalarOnly.NotHere;
    public Vector256<float> Forward(Vector256<float> v) => throw ScalarOnly.NotHere;
    public double Slope(double v, double dy) => ScalarRule.SoftplusSlope.Apply(v, dy);
    public float Slope(float v, float dy) => (float)ScalarRule.SoftplusSlope.Apply(v, dy);
    public Vector256<double> Slope(Vector256<double> s, Vector256<double> dy) => throw ScalarOnly.NotHere;
    public Vector256<float> Slope(Vector256<float> s, Vector256<float> dy) => throw ScalarOnly.NotHere;
}

file static class ScalarOnly
{
    public static System.Diagnostics.UnreachableException NotHere => new("A scalar-only activation has no vector form here.");
}
