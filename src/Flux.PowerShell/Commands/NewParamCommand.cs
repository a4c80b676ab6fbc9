using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary><c>New-Param</c>: a trainable parameter (Flux's <c>param(x)</c>) from a tensor or from a shape and a seed.</summary>
[Cmdlet(VerbsCommon.New, "Param", DefaultParameterSetName = ValueSet)]
[OutputType(typeof(Param))]
public sealed class NewParamCommand : PSCmdlet
{
    private const string ValueSet = "Value", ShapeSet = "Shape";

    /// <summary>The parameter's name, for printing and lookup.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Name { get; set; } = "";

    /// <summary>The initial value; bound from the pipeline.</summary>
    [Parameter(ParameterSetName = ValueSet, Mandatory = true, Position = 1, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Tensor? Value { get; set; }

    /// <summary>Dimensions of a randomly initialised value.</summary>
    [Parameter(ParameterSetName = ShapeSet, Mandatory = true)]
    [AllowEmptyCollection]
    [ValidateCount(0, 2)]
    [ValidateRange(0, int.MaxValue)]
    public int[] Shape { get; set; } = [];

    /// <summary>How to fill the value: Rand (uniform in [0, 1), Julia's rand), Randn, Zeros or Ones.</summary>
    [Parameter(ParameterSetName = ShapeSet)]
    [ValidateSet("Rand", "Randn", "Zeros", "Ones")]
    public string Init { get; set; } = "Rand";

    /// <summary>Seed of the random initialisation; without it a seed is drawn and reported on the verbose stream.</summary>
    [Parameter(ParameterSetName = ShapeSet)]
    public int? Seed { get; set; }

    /// <summary>With -Shape, make the value float32; without it float64. A -Value keeps its own element type.</summary>
    [Parameter(ParameterSetName = ShapeSet)]
    public SwitchParameter Float32 { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == ValueSet)
        {
            if (this.TryRun(() => new Param(Name, Value!), "InvalidParam", Value, out var p)) WriteObject(p);
            return;
        }
        var seed = Init is "Rand" or "Randn" ? Seed ?? SeedReport.Draw(this) : 0;
        if (this.TryRun(() => new Param(Name, (Init switch
            {
                "Randn" => Tensor.Randn(new Seed(seed), Shape),
                "Zeros" => Tensor.Zeros(Shape),
                "Ones" => Tensor.Ones(Shape),
                _ => Tensor.Rand(new Seed(seed), Shape),
            }).ToElementType(Float32 ? ElementType.Float32 : ElementType.Float64)), "InvalidParamShape", Shape, out var q))
            WriteObject(q);
    }
}
