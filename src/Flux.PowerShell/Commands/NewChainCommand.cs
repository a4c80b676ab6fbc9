using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary><c>New-Chain</c>: layers applied in sequence (Flux's <c>Chain(layers...)</c>), from a list or the pipeline.</summary>
[Cmdlet(VerbsCommon.New, "Chain")]
[OutputType(typeof(Chain))]
public sealed class NewChainCommand : PSCmdlet
{
    private readonly List<ILayer> _layers = [];

    /// <summary>The layers, first to last; bound from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNullOrEmpty]
    public ILayer[] Layer { get; set; } = [];

    /// <inheritdoc/>
    protected override void ProcessRecord() => _layers.AddRange(Layer);

    /// <inheritdoc/>
    protected override void EndProcessing()
    {
        if (this.TryRun(() => Layers.Chain([.. _layers]), "InvalidChain", _layers.ToArray(), out var chain))
            WriteObject(chain);
    }
}
