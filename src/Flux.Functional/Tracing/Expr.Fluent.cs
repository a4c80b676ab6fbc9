namespace Flux;

// Every function of Ops as a method, so a loss reads left to right in C# and in PowerShell
// script blocks: (W * x + b - y).Square().Sum().
public sealed partial class Expr
{
    /// <summary><see cref="Ops.Add"/>.</summary>
    public Expr Add(Expr other) => Ops.Add(this, other);
    /// <summary><see cref="Ops.Subtract"/>.</summary>
    public Expr Subtract(Expr other) => Ops.Subtract(this, other);
    /// <summary><see cref="Ops.Negate"/>.</summary>
    public Expr Negate() => Ops.Negate(this);
    /// <summary><see cref="Ops.MatMul"/>.</summary>
    public Expr MatMul(Expr other) => Ops.MatMul(this, other);
    /// <summary><see cref="Ops.Mul"/>.</summary>
    public Expr Mul(Expr other) => Ops.Mul(this, other);
    /// <summary><see cref="Ops.Div"/>.</summary>
    public Expr Div(Expr other) => Ops.Div(this, other);
    /// <summary><see cref="Ops.Transpose"/>.</summary>
    public Expr Transpose() => Ops.Transpose(this);
    /// <summary><see cref="Ops.Sum(Expr)"/>.</summary>
    public Expr Sum() => Ops.Sum(this);
    /// <summary><see cref="Ops.Sum(Expr, int)"/>.</summary>
    public Expr Sum(int dim) => Ops.Sum(this, dim);
    /// <summary><see cref="Ops.Mean(Expr)"/>.</summary>
    public Expr Mean() => Ops.Mean(this);
    /// <summary><see cref="Ops.Mean(Expr, int)"/>.</summary>
    public Expr Mean(int dim) => Ops.Mean(this, dim);
    /// <summary><see cref="Ops.Square"/>.</summary>
    public Expr Square() => Ops.Square(this);
    /// <summary><see cref="Ops.Pow"/>.</summary>
    public Expr Pow(double p) => Ops.Pow(this, p);
    /// <summary><see cref="Ops.Exp"/>.</summary>
    public Expr Exp() => Ops.Exp(this);
    /// <summary><see cref="Ops.Log"/>.</summary>
    public Expr Log() => Ops.Log(this);
    /// <summary><see cref="Ops.Sqrt"/>.</summary>
    public Expr Sqrt() => Ops.Sqrt(this);
    /// <summary><see cref="Ops.Abs"/>.</summary>
    public Expr Abs() => Ops.Abs(this);
    /// <summary><see cref="Ops.Sigmoid"/>.</summary>
    public Expr Sigmoid() => Ops.Sigmoid(this);
    /// <summary><see cref="Ops.Relu"/>.</summary>
    public Expr Relu() => Ops.Relu(this);
    /// <summary><see cref="Ops.LeakyRelu"/>.</summary>
    public Expr LeakyRelu(double alpha = 0.01) => Ops.LeakyRelu(this, alpha);
    /// <summary><see cref="Ops.Tanh"/>.</summary>
    public Expr Tanh() => Ops.Tanh(this);
    /// <summary><see cref="Ops.Softplus"/>.</summary>
    public Expr Softplus() => Ops.Softplus(this);
    /// <summary><see cref="Ops.Softmax"/>.</summary>
    public Expr Softmax() => Ops.Softmax(this);
    /// <summary><see cref="Ops.LogSoftmax"/>.</summary>
    public Expr LogSoftmax() => Ops.LogSoftmax(this);
    /// <summary><see cref="Ops.Max(Expr, Expr)"/>: elementwise maximum.</summary>
    public Expr Max(Expr other) => Ops.Max(this, other);
    /// <summary><see cref="Ops.Min(Expr, Expr)"/>: elementwise minimum.</summary>
    public Expr Min(Expr other) => Ops.Min(this, other);
    /// <summary><see cref="Ops.Maximum(Expr)"/>: the largest element.</summary>
    public Expr Maximum() => Ops.Maximum(this);
    /// <summary><see cref="Ops.Maximum(Expr, int)"/>: the largest along a dimension.</summary>
    public Expr Maximum(int dim) => Ops.Maximum(this, dim);
    /// <summary><see cref="Ops.Minimum(Expr)"/>: the smallest element.</summary>
    public Expr Minimum() => Ops.Minimum(this);
    /// <summary><see cref="Ops.Minimum(Expr, int)"/>: the smallest along a dimension.</summary>
    public Expr Minimum(int dim) => Ops.Minimum(this, dim);
    /// <summary><see cref="Ops.Clamp"/>.</summary>
    public Expr Clamp(double lo, double hi) => Ops.Clamp(this, lo, hi);
    /// <summary><see cref="Ops.Rows"/>.</summary>
    public Expr Rows(int start, int count) => Ops.Rows(this, start, count);
    /// <summary><see cref="Ops.Columns"/>.</summary>
    public Expr Columns(int start, int count) => Ops.Columns(this, start, count);
    /// <summary><see cref="Ops.Element(Expr, int, int)"/>.</summary>
    public Expr Element(int row, int col) => Ops.Element(this, row, col);
    /// <summary><see cref="Ops.Element(Expr, int)"/>.</summary>
    public Expr Element(int index) => Ops.Element(this, index);
    /// <summary><see cref="Ops.VCat"/> of this and <paramref name="others"/>.</summary>
    public Expr VCat(params Expr[] others) => Ops.VCat([this, .. others ?? throw new ArgumentNullException(nameof(others))]);
    /// <summary><see cref="Ops.HCat"/> of this and <paramref name="others"/>.</summary>
    public Expr HCat(params Expr[] others) => Ops.HCat([this, .. others ?? throw new ArgumentNullException(nameof(others))]);
    /// <summary><see cref="Ops.StopGradient"/>.</summary>
    public Expr StopGradient() => Ops.StopGradient(this);

    /// <summary><c>x[index]</c>, traced (<see cref="Ops.Element(Expr, int)"/>, column-major, 0-based).</summary>
    public Expr this[int index] => Ops.Element(this, index);
    /// <summary><c>x[row, col]</c>, traced (<see cref="Ops.Element(Expr, int, int)"/>, 0-based).</summary>
    public Expr this[int row, int col] => Ops.Element(this, row, col);
}
