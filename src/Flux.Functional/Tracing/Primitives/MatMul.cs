namespace Flux;

public static partial class Ops
{
    /// <summary>
    /// The matrix product <c>Y = A·B</c> (matrix×matrix, matrix×vector). Pullback (ChainRules'
    /// rule): <c>Ā = Ȳ·Bᵀ</c>, <c>B̄ = Aᵀ·Ȳ</c>, computed without forming the transposes.
    /// </summary>
    /// <exception cref="ArgumentException">The inner dimensions differ; names both shapes.</exception>
    public static Expr MatMul(Expr a, Expr b)
    {
        Check(a, b);
        var shape = Tensor.ProductShape(a.Shape, b.Shape);
        return Expr.Node("MatMul", MatrixProduct.Multiply(a.Value, false, b.Value, false, shape),
            static (node, dy, i) => i == 0
                ? MatrixProduct.Multiply(dy, false, node.Inputs[1].Value, true, node.Inputs[0].Shape)
                : MatrixProduct.Multiply(node.Inputs[0].Value, true, dy, false, node.Inputs[1].Shape), a, b);
    }

    /// <summary>
    /// The transpose: r×c becomes c×r; a vector of length n becomes a 1×n matrix. Pullback: <c>ā = ȳᵀ</c>.
    /// </summary>
    public static Expr Transpose(Expr a)
    {
        Check(a);
        return Expr.Node("Transpose", a.Value.Transpose(), static (node, dy, _) => dy.Transpose().Reshape(node.Inputs[0].Shape), a);
    }
}
