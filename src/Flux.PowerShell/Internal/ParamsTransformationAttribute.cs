using System.Collections;
using System.Management.Automation;

namespace Flux.PowerShell.Internal;

/// <summary>
/// Lets a <c>Param[]</c> parameter take models too: each model (a layer, a chain, any
/// <see cref="IModel"/>) becomes its parameters, in order, so <c>-Freeze $encoder</c>,
/// <c>-Freeze $W, $b</c> and <c>-Freeze $encoder, $b</c> all bind. Anything else is left to the
/// ordinary conversion, which reports it.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class ParamsTransformationAttribute : ArgumentTransformationAttribute
{
    /// <inheritdoc/>
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var ps = new List<object?>();
        Add(inputData, ps);
        return ps.All(p => p is Param) ? ps.Cast<Param>().ToArray() : ps.ToArray();
    }

    private static void Add(object? value, List<object?> into)
    {
        switch (value is PSObject o ? o.BaseObject : value)
        {
            case Param p: into.Add(p); break;
            case IModel m: into.AddRange(m.Params()); break;   // before IEnumerable: a chain is a list of layers
            case IEnumerable e and not string: foreach (var item in e) Add(item, into); break;
            case var other: into.Add(other); break;
        }
    }
}
