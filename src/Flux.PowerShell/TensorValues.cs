using System.Collections;
using System.Globalization;

namespace Flux.PowerShell;

/// <summary>
/// A tensor's elements as PowerShell shows them to <c>ConvertTo-Json</c> (an array) and to
/// <c>Export-Csv</c> (one cell: the values separated by spaces, each as it round-trips), in
/// column-major order, as <c>Tensor.FromArray</c> takes them. Read-only; a copy of the tensor's values.
/// </summary>
public sealed class TensorValues : IReadOnlyList<double>
{
    private readonly double[] _values;

    /// <summary>The elements of <paramref name="tensor"/>.</summary>
    public TensorValues(Tensor tensor) => _values = tensor.ToArray();

    /// <inheritdoc/>
    public int Count => _values.Length;

    /// <inheritdoc/>
    public double this[int index] => _values[index];

    /// <inheritdoc/>
    public IEnumerator<double> GetEnumerator() => ((IEnumerable<double>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The values separated by spaces, each in its round-trip form.</summary>
    public override string ToString() => string.Join(" ", _values.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
}
