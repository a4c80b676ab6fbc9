using System.Management.Automation;

namespace Flux.PowerShell.Internal;

/// <summary>A fresh seed for cmdlets called without -Seed, reported so the result can be reproduced.</summary>
internal static class SeedReport
{
    public static int Draw(PSCmdlet cmdlet)
    {
        var seed = System.Random.Shared.Next();
        cmdlet.WriteVerbose($"{cmdlet.MyInvocation.MyCommand.Name}: no -Seed given; using -Seed {seed}.");
        return seed;
    }
}
