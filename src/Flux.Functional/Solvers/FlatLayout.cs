namespace Flux;

/// <summary>
/// The solver's view of a <see cref="Params"/>: every element of every member, in the members' order
/// and each member's column-major order, as one vector (PyTorch's <c>_gather_flat_grad</c> and
/// <c>_add_grad</c>). A layout made once per run maps vectors to parameters and gradients back.
/// </summary>
internal sealed class FlatLayout
{
    private readonly Params _template;
    private readonly int[] _offsets;

    private FlatLayout(Params template, int[] offsets, int length) => (_template, _offsets, Length) = (template, offsets, length);

    /// <summary>The number of elements over every member.</summary>
    public int Length { get; }

    /// <summary>The layout of <paramref name="ps"/>.</summary>
    /// <exception cref="ArgumentException">The parameters hold more than <see cref="int.MaxValue"/> elements.</exception>
    public static FlatLayout Of(Params ps)
    {
        var offsets = new int[ps.Count + 1];
        for (var i = 0; i < ps.Count; i++)
        {
            var end = (long)offsets[i] + ps[i].Value.Length;
            if (end > Array.MaxLength)
                throw new ArgumentException($"LBFGS: the parameters hold {ps.ElementCount} elements; at most {Array.MaxLength} fit one vector.", nameof(ps));
            offsets[i + 1] = (int)end;
        }
        return new FlatLayout(ps, offsets, offsets[^1]);
    }

    /// <summary>The values of <paramref name="ps"/> (members of this layout) as one new vector.</summary>
    public double[] Values(Params ps)
    {
        var x = new double[Length];
        for (var i = 0; i < ps.Count; i++) ps[i].Value.Span.CopyTo(x.AsSpan(_offsets[i]));
        return x;
    }

    /// <summary>The gradient <paramref name="g"/> of this layout's members as one new vector.</summary>
    public double[] Gradient(Grads g)
    {
        var x = new double[Length];
        for (var i = 0; i < _template.Count; i++) g[_template[i]].Span.CopyTo(x.AsSpan(_offsets[i]));
        return x;
    }

    /// <summary>The members with their values read from <paramref name="x"/>; same identities, names and shapes.</summary>
    public Params With(ReadOnlySpan<double> x)
    {
        var values = new Tensor[_template.Count];
        for (var i = 0; i < values.Length; i++)
            values[i] = Tensor.FromArray(x[_offsets[i].._offsets[i + 1]].ToArray(), _template[i].Shape.Dims);
        return _template.Select(p => p.With(values[_template.IndexOf(p.Id)]));
    }
}
