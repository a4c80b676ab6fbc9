namespace Flux;

/// <summary>
/// The shape of a <see cref="Tensor"/>: a scalar (rank 0), a vector of length n (rank 1) or an
/// r×c matrix (rank 2). Every shape also has a two-dimensional view, <see cref="Rows"/> ×
/// <see cref="Cols"/> (a scalar is 1×1, a vector of length n is n×1), which is how broadcasting
/// and the column-major storage see it.
/// </summary>
public readonly record struct Shape
{
    private Shape(int rank, int rows, int cols) => (Rank, Rows, Cols) = (rank, rows, cols);

    /// <summary>0 for a scalar, 1 for a vector, 2 for a matrix.</summary>
    public int Rank { get; }

    /// <summary>Rows of the two-dimensional view (1 for a scalar, the length for a vector).</summary>
    public int Rows { get; }

    /// <summary>Columns of the two-dimensional view (1 for a scalar or a vector).</summary>
    public int Cols { get; }

    /// <summary>Number of elements.</summary>
    public int Length => Rows * Cols;

    /// <summary>The shape of a scalar, <c>()</c>.</summary>
    public static Shape Scalar { get; } = new(0, 1, 1);

    /// <summary>The shape of a vector of length <paramref name="length"/>, <c>(n,)</c>.</summary>
    public static Shape Vector(int length) => length >= 0 ? new(1, length, 1) : Of(length); // Of names the bad dimension

    /// <summary>The shape of a <paramref name="rows"/>×<paramref name="cols"/> matrix, <c>(r, c)</c>.</summary>
    public static Shape Matrix(int rows, int cols) =>
        rows >= 0 && cols >= 0 && (long)rows * cols <= Array.MaxLength ? new(2, rows, cols) : Of(rows, cols);

    /// <summary>A shape from its dimensions: none for a scalar, one for a vector, two for a matrix.</summary>
    /// <exception cref="ArgumentException">More than two dimensions, or a dimension below zero.</exception>
    public static Shape Of(params int[] dims)
    {
        ArgumentNullException.ThrowIfNull(dims);
        if (dims.Length > 2)
            throw new ArgumentException($"shape {Format(dims)} has rank {dims.Length}; a tensor has rank 0, 1 or 2.", nameof(dims));
        foreach (var d in dims)
            if (d < 0)
                throw new ArgumentException($"shape {Format(dims)} has a negative dimension; dimensions must be 0 or more.", nameof(dims));
        if (dims.Length == 2 && (long)dims[0] * dims[1] > Array.MaxLength)
            throw new ArgumentException($"shape {Format(dims)} has more elements than an array can hold.", nameof(dims));
        return dims.Length switch
        {
            0 => Scalar,
            1 => new Shape(1, dims[0], 1),
            _ => new Shape(2, dims[0], dims[1]),
        };
    }

    /// <summary>The dimensions, as Julia's <c>size</c> gives them: <c>[]</c>, <c>[n]</c> or <c>[r, c]</c>.</summary>
    public int[] Dims => Rank switch { 0 => [], 1 => [Rows], _ => [Rows, Cols] };

    /// <summary>Julia's notation for a size: <c>()</c>, <c>(5,)</c>, <c>(2, 5)</c>.</summary>
    public override string ToString() => Format(Dims);

    /// <summary>Julia's summary form: <c>2×5</c>, <c>5-element</c>, <c>0-dimensional</c>.</summary>
    internal string Summary => Rank switch
    {
        0 => "0-dimensional",
        1 => $"{Rows}-element",
        _ => $"{Rows}×{Cols}",
    };

    private static string Format(int[] dims) => dims.Length switch
    {
        0 => "()",
        1 => $"({dims[0]},)",
        _ => "(" + string.Join(", ", dims) + ")",
    };
}
