namespace Flux;

public static partial class Ops
{
    /// <summary>
    /// <c>vcat(x₁, x₂, …)</c>: the operands stacked along dimension 1 (rows), on their two-dimensional
    /// view. They must have equal column counts; vectors and scalars give a vector, anything with a
    /// matrix a matrix. Pullback: <c>x̄ᵢ</c> is ȳ's block of rows for operand i, in its shape.
    /// </summary>
    /// <exception cref="ArgumentException">No operands, or their column counts differ (names every shape).</exception>
    public static Expr VCat(params Expr[] xs)
    {
        var shapes = Operands("VCat", xs);
        if (Differ(shapes, static s => s.Cols))
            throw new ArgumentException($"VCat: the operands must have equal column counts; got shapes {string.Join(", ", shapes)}.", nameof(xs));
        var offsets = Offsets(shapes, s => s.Rows, out var rows);
        var cols = shapes[0].Cols;
        var shape = shapes.All(s => s.Rank < 2) ? Shape.Vector(rows) : Shape.Matrix(rows, cols);
        var d = Storage.Uninitialised(ResultType("VCat", xs), shape.Length);
        for (var i = 0; i < xs.Length; i++)
            for (var j = 0; j < cols; j++)
                Storage.Copy(xs[i].Value, j * shapes[i].Rows, d, j * rows + offsets[i], shapes[i].Rows);
        return Expr.Node("VCat", Tensor.Own(shape, d), new ConcatPullback(offsets, vertical: true).Pull, (Expr[])xs.Clone());
    }

    /// <summary>
    /// <c>hcat(x₁, x₂, …)</c>: the operands side by side along dimension 2 (columns), a matrix. They must
    /// have equal row counts (a vector of length n is one column, n×1). Pullback: <c>x̄ᵢ</c> is ȳ's block
    /// of columns for operand i, in its shape.
    /// </summary>
    /// <exception cref="ArgumentException">No operands, or their row counts differ (names every shape).</exception>
    public static Expr HCat(params Expr[] xs)
    {
        var shapes = Operands("HCat", xs);
        if (Differ(shapes, static s => s.Rows))
            throw new ArgumentException($"HCat: the operands must have equal row counts; got shapes {string.Join(", ", shapes)}.", nameof(xs));
        var offsets = Offsets(shapes, s => s.Cols, out var cols);
        var shape = Shape.Matrix(shapes[0].Rows, cols);
        var d = Storage.Uninitialised(ResultType("HCat", xs), shape.Length);
        // Column-major: each operand is one contiguous block of the result.
        for (var i = 0; i < xs.Length; i++) Storage.Copy(xs[i].Value, 0, d, offsets[i] * shape.Rows, shapes[i].Length);
        return Expr.Node("HCat", Tensor.Own(shape, d), new ConcatPullback(offsets, vertical: false).Pull, (Expr[])xs.Clone());
    }

    /// <summary>
    /// The pullback of VCat (<paramref name="vertical"/>) or HCat: operand i's block of ȳ, of its shape, from
    /// row (or column) <c>offsets[i]</c>. It holds the offsets where the traced sweep can read them.
    /// </summary>
    internal sealed class ConcatPullback(int[] offsets, bool vertical)
    {
        public bool Vertical => vertical;

        /// <summary>The first row (VCat) or column (HCat) of operand <paramref name="i"/> in the result.</summary>
        public int Offset(int i) => offsets[i];

        public Tensor Pull(Expr node, Tensor dy, int i)
        {
            var s = node.Inputs[i].Shape;
            var r = Storage.Uninitialised(node.Inputs[i].Value.ElementType, s.Length);
            if (vertical)
                for (var j = 0; j < s.Cols; j++) Storage.Copy(dy, j * node.Shape.Rows + offsets[i], r, j * s.Rows, s.Rows);
            else
                Storage.Copy(dy, offsets[i] * node.Shape.Rows, r, 0, s.Length); // column-major: one contiguous block
            return Tensor.Own(s, r);
        }
    }

    // The operands' common element type, by the one mixing rule (which refuses Float32 beside Float64).
    private static ElementType ResultType(string op, Expr[] xs)
    {
        var values = new Tensor[xs.Length];
        for (var i = 0; i < xs.Length; i++) values[i] = xs[i].Value;
        return ElementTypes.Of(op, values);
    }

    private static Shape[] Operands(string op, Expr[] xs)
    {
        ArgumentNullException.ThrowIfNull(xs);
        if (xs.Length == 0) throw new ArgumentException($"{op}: at least one operand is needed.", nameof(xs));
        var shapes = new Shape[xs.Length];
        for (var i = 0; i < xs.Length; i++)
            shapes[i] = (xs[i] ?? throw new ArgumentNullException(nameof(xs), $"{op}: operand {i} is null.")).Shape;
        return shapes;
    }

    // Whether the operands differ in a size. Non-capturing, so that the only object a concatenation keeps
    // beside its node is its pullback (a lambda over the shapes would cost one more allocation per call).
    private static bool Differ(Shape[] shapes, Func<Shape, int> size)
    {
        foreach (var s in shapes)
            if (size(s) != size(shapes[0])) return true;
        return false;
    }

    private static int[] Offsets(Shape[] shapes, Func<Shape, int> size, out int total)
    {
        var offsets = new int[shapes.Length];
        total = 0;
        for (var i = 0; i < shapes.Length; i++) { offsets[i] = total; total += size(shapes[i]); }
        return offsets;
    }
}
