using System.Management.Automation;

namespace Flux.PowerShell.Internal;

/// <summary>
/// What <c>ConvertTo-Float32</c> and <c>ConvertTo-Float64</c> share: the library's conversion of
/// whichever of a tensor, parameter, model or dataset comes down the pipeline.
/// </summary>
internal static class ElementTypeConversion
{
    /// <summary>
    /// Writes <paramref name="input"/> converted to <paramref name="type"/> (the same object when it
    /// has that type already); anything else is a non-terminating error naming what came and what is
    /// expected.
    /// </summary>
    public static void WriteConverted(this PSCmdlet cmdlet, PSObject? input, ElementType type)
    {
        var value = input?.BaseObject;
        object? converted = value switch
        {
            Tensor t => t.ToElementType(type),
            Param p => p.ToElementType(type),
            IModel m => m.ToElementType(type),
            Dataset d => d.ToElementType(type),
            _ => null,
        };
        if (converted is not null)
        {
            cmdlet.WriteObject(converted);
            return;
        }
        var what = value is null ? "$null" : $"a {value.GetType().Name} ({value})";
        cmdlet.WriteError(CmdletErrors.Invalid(
            $"{cmdlet.MyInvocation.MyCommand.Name}: {what} cannot be converted to {type}; pipe a Tensor, Param, model (New-Dense, New-Chain, ...) or Dataset.",
            "NotConvertible", ErrorCategory.InvalidArgument, value));
    }
}
