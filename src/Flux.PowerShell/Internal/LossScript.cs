using System.Collections.ObjectModel;
using System.Management.Automation;

namespace Flux.PowerShell.Internal;

/// <summary>A PowerShell script block seen as the loss function <see cref="Gradient"/> calls.</summary>
internal static class LossScript
{
    /// <summary>
    /// A function that invokes <paramref name="loss"/> with <paramref name="args"/> and returns the one
    /// expression it produced. A Param, Tensor or number is accepted as a constant or leaf expression.
    /// </summary>
    public static Func<Expr> ToFunc(ScriptBlock loss, params object?[] args) => () => ToExpr(loss.Invoke(args));

    /// <summary>The batch loss <see cref="Training"/> calls: <paramref name="loss"/> invoked with the model, the features and the targets.</summary>
    public static Func<IModel, Tensor, Tensor, Expr> ToBatchLoss(ScriptBlock loss) => (m, x, y) => ToExpr(loss.Invoke(m, x, y));

    private static Expr ToExpr(Collection<PSObject> output)
    {
        var items = output.Where(o => o is not null).Select(o => o.BaseObject).ToList();
        if (items.Count != 1)
            throw new InvalidOperationException(
                $"the loss script block must return one expression, such as {{ ($W * $x + $b - $y).Square().Sum() }}; it returned {items.Count} objects.");
        return items[0] switch
        {
            Expr e => e,
            Param p => p,
            Tensor t => t,
            double d => d,
            int i => i,
            var other => throw new InvalidOperationException(
                $"the loss script block must return an Expr (a traced scalar); it returned a {other.GetType().FullName}: {other}."),
        };
    }
}
