using System.Diagnostics.Contracts;

namespace Flux;

/// <summary>
/// Class labels as columns and back (Flux's <c>onehotbatch</c> and <c>onecold</c>): a batch of n
/// labels among k classes is a k × n matrix with a single 1 in each column.
/// </summary>
public static class Labels
{
    /// <summary>
    /// The k × n one-hot matrix of class indices: column j is 1 in row <c>labels[j]</c> and 0 elsewhere.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="classes"/> is below 1, or a label is outside [0, classes).</exception>
    [Pure]
    public static Tensor OneHot(IReadOnlyList<int> labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (classes < 1) throw new ArgumentOutOfRangeException(nameof(classes), classes, "OneHot: need at least one class.");
        var d = new double[classes * labels.Count];
        for (var j = 0; j < labels.Count; j++)
        {
            var label = labels[j];
            if ((uint)label >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(labels), label, $"OneHot: label {j} is {label}; labels must be in [0, {classes}).");
            d[j * classes + label] = 1.0;
        }
        return Tensor.Own(Shape.Matrix(classes, labels.Count), d);
    }

    /// <summary>
    /// The one-hot matrix of <paramref name="labels"/> among <paramref name="classes"/>: row i stands
    /// for <c>classes[i]</c> (Flux's <c>onehotbatch(labels, classes)</c>).
    /// </summary>
    /// <exception cref="ArgumentException">A label is not among the classes, or a class appears twice.</exception>
    [Pure]
    public static Tensor OneHot<T>(IReadOnlyList<T> labels, IReadOnlyList<T> classes) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(classes);
        var index = new Dictionary<T, int>();
        for (var i = 0; i < classes.Count; i++)
            if (!index.TryAdd(classes[i], i))
                throw new ArgumentException($"OneHot: class \"{classes[i]}\" appears twice in the class list.", nameof(classes));
        var ints = new int[labels.Count];
        for (var j = 0; j < ints.Length; j++)
            ints[j] = index.TryGetValue(labels[j], out var i)
                ? i
                : throw new ArgumentException($"OneHot: label {j}, \"{labels[j]}\", is not one of the classes {string.Join(", ", classes)}.", nameof(labels));
        return OneHot(ints, classes.Count);
    }

    /// <summary>
    /// The index of the largest element of each column (Flux's <c>onecold</c>; a vector is one
    /// column). Ties go to the first; NaNs are ignored unless a column holds nothing else.
    /// </summary>
    /// <exception cref="ArgumentException">The tensor has no rows.</exception>
    [Pure]
    public static int[] OneCold(Tensor y)
    {
        ArgumentNullException.ThrowIfNull(y);
        var rows = y.Shape.Rows;
        if (rows == 0) throw new ArgumentException($"OneCold: a tensor of shape {y.Shape} has no rows to choose from.", nameof(y));
        var result = new int[y.Shape.Cols];
        var data = y.Span;
        for (var j = 0; j < result.Length; j++)
        {
            var column = data.Slice(j * rows, rows);
            var best = 0;
            for (var i = 1; i < rows; i++)
                if (column[i] > column[best] || (double.IsNaN(column[best]) && !double.IsNaN(column[i]))) best = i;
            result[j] = best;
        }
        return result;
    }

    /// <summary>The class of each column: <c>classes[OneCold(y)[j]]</c> (Flux's <c>onecold(y, labels)</c>).</summary>
    /// <exception cref="ArgumentException">The number of classes differs from the rows of <paramref name="y"/>.</exception>
    [Pure]
    public static T[] OneCold<T>(Tensor y, IReadOnlyList<T> classes)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(classes);
        if (classes.Count != y.Shape.Rows)
            throw new ArgumentException($"OneCold: {classes.Count} classes for a tensor of shape {y.Shape}; need one class per row.", nameof(classes));
        return OneCold(y).Select(i => classes[i]).ToArray();
    }
}
