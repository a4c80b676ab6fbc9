using System.Management.Automation;
using Flux.PowerShell.Internal;

namespace Flux.PowerShell.Commands;

/// <summary>
/// <c>Split-Dataset</c>: the training and held-out parts of a dataset, written in that order
/// (<c>$train, $test = $data | Split-Dataset -HoldOutEvery 5</c>).
/// </summary>
[Cmdlet(VerbsCommon.Split, "Dataset")]
[OutputType(typeof(Dataset))]
public sealed class SplitDatasetCommand : PSCmdlet
{
    /// <summary>The dataset; bound from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Dataset? Data { get; set; }

    /// <summary>Hold out every n-th sample (samples n, 2n, ... counting from 1).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateRange(2, int.MaxValue)]
    public int HoldOutEvery { get; set; }

    /// <inheritdoc/>
    protected override void ProcessRecord()
    {
        var n = HoldOutEvery;
        if (this.TryRun(() => Data!.Split(i => i % n == n - 1), "InvalidSplit", Data, out var parts))
        {
            WriteObject(parts.Train);
            WriteObject(parts.Test);
        }
    }
}
