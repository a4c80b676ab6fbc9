namespace Flux;

// Expr's fluent methods on a parameter too, so $W.Square().Sum() reads as (W * x).Square().Sum()
// does: each traces the parameter as a leaf and applies the same function of Ops. A test checks
// that every fluent method of Expr is here.
public sealed partial record Param
{
    private Expr Leaf => this;

    /// <summary><see cref="Expr.Add(Expr)"/> of this parameter as a traced leaf.</summary>
    public Expr Add(Expr other) => Leaf.Add(other);
    /// <summary><see cref="Expr.Subtract(Expr)"/> of this parameter as a traced leaf.</summary>
    public Expr Subtract(Expr other) => Leaf.Subtract(other);
    /// <summary><see cref="Expr.Negate()"/> of this parameter as a traced leaf.</summary>
    public Expr Negate() => Leaf.Negate();
    /// <summary><see cref="Expr.MatMul(Expr)"/> of this parameter as a traced leaf.</summary>
    public Expr MatMul(Expr other) => Leaf.MatMul(other);
    /// <summary><see cref="Expr.Mul(Expr)"/> of this parameter as a traced leaf.</summary>
    public Expr Mul(Expr other) => Leaf.Mul(other);
    /// <summary><see cref="Expr.Div(Expr)"/> of this parameter as a traced leaf.</summary>
    public Expr Div(Expr other) => Leaf.Div(other);
    /// <summary><see cref="Expr.Transpose()"/> of this parameter as a traced leaf.</summary>
    public Expr Transpose() => Leaf.Transpose();
    /// <summary><see cref="Expr.Sum()"/> of this parameter as a traced leaf.</summary>
    public Expr Sum() => Leaf.Sum();
    /// <summary><see cref="Expr.Sum(int)"/> of this parameter as a traced leaf.</summary>
    public Expr Sum(int dim) => Leaf.Sum(dim);
    /// <summary><see cref="Expr.Mean()"/> of this parameter as a traced leaf.</summary>
    public Expr Mean() => Leaf.Mean();
    /// <summary><see cref="Expr.Mean(int)"/> of this parameter as a traced leaf.</summary>
    public Expr Mean(int dim) => Leaf.Mean(dim);
    /// <summary><see cref="Expr.Square()"/> of this parameter as a traced leaf.</summary>
    public Expr Square() => Leaf.Square();
    /// <summary><see cref="Expr.Pow(double)"/> of this parameter as a traced leaf.</summary>
    public Expr Pow(double p) => Leaf.Pow(p);
    /// <summary><see cref="Expr.Exp()"/> of this parameter as a traced leaf.</summary>
    public Expr Exp() => Leaf.Exp();
    /// <summary><see cref="Expr.Log()"/> of this parameter as a traced leaf.</summary>
    public Expr Log() => Leaf.Log();
    /// <summary><see cref="Expr.Sqrt()"/> of this parameter as a traced leaf.</summary>
    public Expr Sqrt() => Leaf.Sqrt();
    /// <summary><see cref="Expr.Abs()"/> of this parameter as a traced leaf.</summary>
    public Expr Abs() => Leaf.Abs();
    /// <summary><see cref="Expr.Sigmoid()"/> of this parameter as a traced leaf.</summary>
    public Expr Sigmoid() => Leaf.Sigmoid();
    /// <summary><see cref="Expr.Relu()"/> of this parameter as a traced leaf.</summary>
    public Expr Relu() => Leaf.Relu();
    /// <summary><see cref="Expr.LeakyRelu(double)"/> of this parameter as a traced leaf.</summary>
    public Expr LeakyRelu(double alpha = 0.01) => Leaf.LeakyRelu(alpha);
    /// <summary><see cref="Expr.Tanh()"/> of this parameter as a traced leaf.</summary>
    public Expr Tanh() => Leaf.Tanh();
    /// <summary><see cref="Expr.Softplus()"/> of this parameter as a traced leaf.</summary>
    public Expr Softplus() => Leaf.Softplus();
    /// <summary><see cref="Expr.Softmax()"/> of this parameter as a traced leaf.</summary>
    public Expr Softmax() => Leaf.Softmax();
    /// <summary><see cref="Expr.LogSoftmax()"/> of this parameter as a traced leaf.</summary>
    public Expr LogSoftmax() => Leaf.LogSoftmax();
    /// <summary><see cref="Expr.Max(Expr)"/> of this parameter as a traced leaf.</summary>
    public Expr Max(Expr other) => Leaf.Max(other);
    /// <summary><see cref="Expr.Min(Expr)"/> of this parameter as a traced leaf.</summary>
    public Expr Min(Expr other) => Leaf.Min(other);
    /// <summary><see cref="Expr.Maximum()"/> of this parameter as a traced leaf.</summary>
    public Expr Maximum() => Leaf.Maximum();
    /// <summary><see cref="Expr.Maximum(int)"/> of this parameter as a traced leaf.</summary>
    public Expr Maximum(int dim) => Leaf.Maximum(dim);
    /// <summary><see cref="Expr.Minimum()"/> of this parameter as a traced leaf.</summary>
    public Expr Minimum() => Leaf.Minimum();
    /// <summary><see cref="Expr.Minimum(int)"/> of this parameter as a traced leaf.</summary>
    public Expr Minimum(int dim) => Leaf.Minimum(dim);
    /// <summary><see cref="Expr.Clamp(double, double)"/> of this parameter as a traced leaf.</summary>
    public Expr Clamp(double lo, double hi) => Leaf.Clamp(lo, hi);
    /// <summary><see cref="Expr.Rows(int, int)"/> of this parameter as a traced leaf.</summary>
    public Expr Rows(int start, int count) => Leaf.Rows(start, count);
    /// <summary><see cref="Expr.Columns(int, int)"/> of this parameter as a traced leaf.</summary>
    public Expr Columns(int start, int count) => Leaf.Columns(start, count);
    /// <summary><see cref="Expr.Element(int, int)"/> of this parameter as a traced leaf.</summary>
    public Expr Element(int row, int col) => Leaf.Element(row, col);
    /// <summary><see cref="Expr.Element(int)"/> of this parameter as a traced leaf.</summary>
    public Expr Element(int index) => Leaf.Element(index);
    /// <summary><see cref="Expr.VCat(Expr[])"/> of this parameter as a traced leaf.</summary>
    public Expr VCat(params Expr[] others) => Leaf.VCat(others);
    /// <summary><see cref="Expr.HCat(Expr[])"/> of this parameter as a traced leaf.</summary>
    public Expr HCat(params Expr[] others) => Leaf.HCat(others);
    /// <summary><see cref="Expr.StopGradient()"/> of this parameter as a traced leaf.</summary>
    public Expr StopGradient() => Leaf.StopGradient();
}
