using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>New-Dense</c>: a fully connected layer <c>σ.(W·x .+ b)</c> (Flux's <c>Dense(in, out, σ)</c>) with
/// W drawn Glorot-uniform under a seed and b zeros; float64, or float32 with <c>-Float32</c>.
/// </summary>
[Cmdlet(VerbsCommon.New, "Dense")]
[OutputType(typeof(Dense))]
public sealed class NewDenseCommand : PSCmdlet
{
    /// <summary>Number of input features.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateRange(1, int.MaxValue)]
    public int In { get; set; }

    /// <summary>Number of outputs.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateRange(1, int.MaxValue)]
    public int Out { get; set; }

    /// <summary>σ, by name.</summary>
    [Parameter(Position = 2)]
    [ValidateSet(nameof(Flux.Activation.Identity), nameof(Flux.Activation.Sigmoid), nameof(Flux.Activation.Relu),
        nameof(Flux.Activation.LeakyRelu), nameof(Flux.Activation.Tanh), nameof(Flux.Activation.Softplus))]
    public string Activation { get; set; } = nameof(Flux.Activation.Identity);

    /// <summary>Seed of the weights; without it a seed is drawn and reported on the verbose stream.</summary>
    [Parameter]
    public int? Seed { get; set; }

    /// <summary>Make W and b float32 (the same draws rounded once to the nearest float); without it they are float64.</summary>
    [Parameter]
    public SwitchParameter Float32 { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var seed = Seed ?? SeedReport.Draw(this);
        if (this.TryRun(() => Layers.Dense(In, Out, ActivationOf(Activation), seed, Float32 ? ElementType.Float32 : ElementType.Float64), "InvalidDense", In, out var dense))
            WriteObject(dense);
    }

    /// <summary>The activation named <paramref name="name"/> (one of the ValidateSet names, any case).</summary>
    internal static Activation ActivationOf(string name) => name.ToLowerInvariant() switch
    {
        "identity" => Flux.Activation.Identity,
        "sigmoid" => Flux.Activation.Sigmoid,
        "relu" => Flux.Activation.Relu,
        "leakyrelu" => Flux.Activation.LeakyRelu,
        "tanh" => Flux.Activation.Tanh,
        "softplus" => Flux.Activation.Softplus,
        _ => throw new ArgumentException($"unknown activation {name}; expected Identity, Sigmoid, Relu, LeakyRelu, Tanh or Softplus.", nameof(name)),
    };
}
