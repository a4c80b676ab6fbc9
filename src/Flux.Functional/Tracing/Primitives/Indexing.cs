namespace Flux;

public static partial class Ops
{
    /// <summary>
    /// <c>x[start:start+count, :]</c> (0-based): <paramref name="count"/> rows from <paramref name="start"/>;
    /// a vector gives a vector, an r×c matrix a count×c one. Pullback: <c>x̄</c> is zero but for those
    /// rows, which hold <c>ȳ</c>.
    /// </summary>
    /// <exception cref="ArgumentException">x is a scalar, or the rows are not inside it (names the shape).</exception>
    public static Expr Rows(Expr x, int start, int count)
    {
        Check(x);
        var s = x.Shape;
        if (s.Rank == 0 || start < 0 || count < 1 || start > s.Rows - count)
            throw new ArgumentException($"Rows: cannot take {count} rows from row {start} of shape {s}; need 0 ≤ start, 1 ≤ count, start + count ≤ {s.Rows} (a scalar has no rows).", nameof(start));
        var shape = s.Rank == 1 ? Shape.Vector(count) : Shape.Matrix(count, s.Cols);
        return Expr.Node("Rows", Block(x.Value, shape, start, 0), new SlicePullback(start, 0).Pull, x);
    }

    /// <summary>
    /// <c>x[:, start:start+count]</c> (0-based) of a matrix: an r×count matrix. Pullback: <c>x̄</c> is zero
    /// but for those columns, which hold <c>ȳ</c>.
    /// </summary>
    /// <exception cref="ArgumentException">x is not a matrix, or the columns are not inside it.</exception>
    public static Expr Columns(Expr x, int start, int count)
    {
        Check(x);
        var s = x.Shape;
        if (s.Rank != 2 || start < 0 || count < 1 || start > s.Cols - count)
            throw new ArgumentException($"Columns: cannot take {count} columns from column {start} of shape {s}; need a matrix, 0 ≤ start, 1 ≤ count, start + count ≤ {s.Cols}.", nameof(start));
        return Expr.Node("Columns", Block(x.Value, Shape.Matrix(s.Rows, count), 0, start), new SlicePullback(0, start).Pull, x);
    }

    /// <summary>
    /// <c>x[row, col]</c> (0-based), a scalar. Pullback: <c>x̄</c> is zero but <c>ȳ</c> at (row, col).
    /// </summary>
    /// <exception cref="ArgumentException">x is not a matrix, or the index is outside it.</exception>
    public static Expr Element(Expr x, int row, int col)
    {
        Check(x);
        var s = x.Shape;
        if (s.Rank != 2 || (uint)row >= (uint)s.Rows || (uint)col >= (uint)s.Cols)
            throw new ArgumentException($"Element: index ({row}, {col}) is not inside shape {s}; a matrix needs 0 ≤ row < rows and 0 ≤ col < cols.", nameof(row));
        return ElementAt(x, col * s.Rows + row);
    }

    /// <summary>
    /// <c>x[index]</c> (0-based, column-major), a scalar. Pullback: <c>x̄</c> is zero but <c>ȳ</c> at index.
    /// </summary>
    /// <exception cref="ArgumentException">The index is outside [0, length).</exception>
    public static Expr Element(Expr x, int index)
    {
        Check(x);
        if ((uint)index >= (uint)x.Shape.Length)
            throw new ArgumentException($"Element: index {index} is not inside shape {x.Shape}; need 0 ≤ index < {x.Shape.Length}.", nameof(index));
        return ElementAt(x, index);
    }

    private static Expr ElementAt(Expr x, int index) =>
        Expr.Node("Element", Tensor.Scalar(Storage.At(x.Value, index)), new SlicePullback(index % x.Shape.Rows, index / x.Shape.Rows).Pull, x);

    /// <summary>
    /// The pullback of a slice (Rows, Columns, Element, Block) whose top-left corner is (row, col) on the
    /// input's two-dimensional view: <c>x̄</c> is zero but for the slice, which holds <c>ȳ</c>. It holds the
    /// corner where the traced sweep can read it.
    /// </summary>
    internal sealed class SlicePullback(int row, int col)
    {
        public int Row => row;
        public int Col => col;

        public Tensor Pull(Expr node, Tensor dy, int _) => Padded(dy, node.Inputs[0].Shape, row, col);
    }

    /// <summary>
    /// The block of <paramref name="x"/> of <paramref name="shape"/> whose top-left corner is (row, col) on
    /// x's two-dimensional view (what Rows, Columns and Element take), as the traced pullback of
    /// <see cref="Pad"/> needs it. Pullback: <c>x̄ = pad(ȳ)</c>. The caller keeps the block inside x.
    /// </summary>
    internal static Expr Block(Expr x, Shape shape, int row, int col) =>
        Expr.Node("Block", Block(x.Value, shape, row, col), new SlicePullback(row, col).Pull, x);

    /// <summary>
    /// Zeros of <paramref name="shape"/> with <paramref name="block"/> written at (row, col): the traced
    /// pullback of a slice. Pullback: <c>x̄</c> is ȳ's block at (row, col), of the block's shape.
    /// </summary>
    internal static Expr Pad(Expr block, Shape shape, int row, int col) =>
        Expr.Node("Pad", Padded(block.Value, shape, row, col), new PadPullback(row, col).Pull, block);

    /// <summary>The pullback of <see cref="Pad"/>, holding the corner where the traced sweep can read it.</summary>
    internal sealed class PadPullback(int row, int col)
    {
        public int Row => row;
        public int Col => col;

        public Tensor Pull(Expr node, Tensor dy, int _) => Block(dy, node.Inputs[0].Shape, row, col);
    }

    // The block of x of `shape` whose top-left corner is (row, col).
    private static Tensor Block(Tensor x, Shape shape, int row, int col)
    {
        var d = Storage.Uninitialised(x.ElementType, shape.Length);
        for (var j = 0; j < shape.Cols; j++) Storage.Copy(x, (col + j) * x.Shape.Rows + row, d, j * shape.Rows, shape.Rows);
        return Tensor.Own(shape, d);
    }

    // Zeros of `shape` with `block` written at (row, col): the pullback of Block.
    private static Tensor Padded(Tensor block, Shape shape, int row, int col)
    {
        var d = Storage.Zeros(block.ElementType, shape.Length);
        var b = block.Shape;
        for (var j = 0; j < b.Cols; j++) Storage.Copy(block, j * b.Rows, d, (col + j) * shape.Rows + row, b.Rows);
        return Tensor.Own(shape, d);
    }

    /// <summary>
    /// <c>stop_gradient(x)</c> (JAX's name; Zygote's <c>dropgrad</c>): the same value, as a constant. No
    /// gradient flows through it: its pullback is zero, so the reverse sweep does not visit the subtree
    /// beneath (as if <c>x</c> were a <see cref="Tensor"/>). Use it to hold a target or a statistic fixed.
    /// </summary>
    public static Expr StopGradient(Expr x)
    {
        Check(x);
        return Expr.Detached("StopGradient", x.Value);
    }
}
