using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>New-Tensor</c>: a tensor from values (column-major, also from the pipeline), uniform or normal
/// random samples under a seed, zeros or ones; in float64, or with <c>-Float32</c> in float32
/// (values and samples rounded once to the nearest float).
/// </summary>
[Cmdlet(VerbsCommon.New, "Tensor", DefaultParameterSetName = ValueSet)]
[OutputType(typeof(Tensor))]
public sealed class NewTensorCommand : PSCmdlet
{
    private const string ValueSet = "Value", RandomSet = "Random", RandnSet = "Randn", ZerosSet = "Zeros", OnesSet = "Ones";
    private readonly List<double> _values = [];

    /// <summary>Dimensions: none for a scalar, one for a vector, two for a matrix.</summary>
    [Parameter(ParameterSetName = ValueSet, Position = 0)]
    [Parameter(ParameterSetName = RandomSet, Mandatory = true, Position = 0)]
    [Parameter(ParameterSetName = RandnSet, Mandatory = true, Position = 0)]
    [Parameter(ParameterSetName = ZerosSet, Mandatory = true, Position = 0)]
    [Parameter(ParameterSetName = OnesSet, Mandatory = true, Position = 0)]
    [AllowEmptyCollection]
    [ValidateCount(0, 2)]
    [ValidateRange(0, int.MaxValue)]
    public int[]? Shape { get; set; }

    /// <summary>The elements in column-major order; bound from the pipeline one number at a time.</summary>
    [Parameter(ParameterSetName = ValueSet, Mandatory = true, ValueFromPipeline = true, Position = 1)]
    public double[] Value { get; set; } = [];

    /// <summary>Uniform samples in [0, 1).</summary>
    [Parameter(ParameterSetName = RandomSet, Mandatory = true)]
    public SwitchParameter Random { get; set; }

    /// <summary>Standard normal samples.</summary>
    [Parameter(ParameterSetName = RandnSet, Mandatory = true)]
    public SwitchParameter Randn { get; set; }

    /// <summary>All zeros.</summary>
    [Parameter(ParameterSetName = ZerosSet, Mandatory = true)]
    public SwitchParameter Zeros { get; set; }

    /// <summary>All ones.</summary>
    [Parameter(ParameterSetName = OnesSet, Mandatory = true)]
    public SwitchParameter Ones { get; set; }

    /// <summary>Seed of the random generator; without it a seed is drawn and reported on the verbose stream.</summary>
    [Parameter(ParameterSetName = RandomSet)]
    [Parameter(ParameterSetName = RandnSet)]
    public int? Seed { get; set; }

    /// <summary>Make a float32 tensor (Flux's <c>f32</c>); without it the tensor is float64.</summary>
    [Parameter]
    public SwitchParameter Float32 { get; set; }

    private ElementType ElementType => Float32 ? ElementType.Float32 : ElementType.Float64;

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        if (ParameterSetName == ValueSet) _values.AddRange(Value);
    }

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        var shape = Shape ?? [];
        if (ParameterSetName == ValueSet)
        {
            var values = _values.ToArray();
            if (this.TryRun(() => (Shape is null ? Tensor.Vector(values) : Tensor.FromArray(values, shape)).ToElementType(ElementType), "InvalidTensorValues", values, out var t))
                WriteObject(t);
            return;
        }
        var seed = Seed ?? SeedReport.Draw(this);
        if (this.TryRun(() => ParameterSetName switch
            {
                RandomSet => Tensor.Rand(new Seed(seed), shape).ToElementType(ElementType),
                RandnSet => Tensor.Randn(new Seed(seed), shape).ToElementType(ElementType),
                ZerosSet => Tensor.Zeros(Flux.Shape.Of(shape), ElementType),
                OnesSet => Tensor.Fill(1.0, Flux.Shape.Of(shape), ElementType),
                _ => throw new InvalidOperationException($"unknown parameter set {ParameterSetName}"),
            }, "InvalidTensorShape", Shape, out var result))
            WriteObject(result);
    }
}
