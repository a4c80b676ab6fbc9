using Xunit;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using Flux.Shell;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>
/// A fresh runspace of the real engine with the built module folder (bin/.../Modules/Flux) imported,
/// through the same session state as the runner.
/// </summary>
public sealed class PowerShellSession : IDisposable
{
    private readonly Runspace _runspace;

    public PowerShellSession()
    {
        _runspace = RunspaceFactory.CreateRunspace(ScriptRunner.CreateSessionState());
        _runspace.Open();
    }

    /// <summary>The runspace, for tests that read streams other than output and errors.</summary>
    public Runspace Runspace => _runspace;

    /// <summary>The repository root (the folder holding Flux.sln).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Sets a variable in the session.</summary>
    public PowerShellSession Set(string name, object? value)
    {
        _runspace.SessionStateProxy.SetVariable(name, value);
        return this;
    }

    /// <summary>Runs <paramref name="script"/>; returns its output and the error records it wrote.</summary>
    public (Collection<PSObject> Output, IReadOnlyList<ErrorRecord> Errors) Run(string script)
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        Collection<PSObject> output;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException e)
        {
            return ([], [.. ps.Streams.Error, e.ErrorRecord]);
        }
        return (output, [.. ps.Streams.Error]);
    }

    /// <summary>Runs <paramref name="script"/>, requiring no errors; returns the base objects of its output.</summary>
    public IReadOnlyList<object> Eval(string script)
    {
        var (output, errors) = Run(script);
        Assert.True(errors.Count == 0, "unexpected errors: " + string.Join("\n", errors.Select(e => e.ToString())));
        return [.. output.Select(o => o.BaseObject)];
    }

    /// <summary>The one object <paramref name="script"/> outputs.</summary>
    public T Single<T>(string script) => Assert.IsAssignableFrom<T>(Assert.Single(Eval(script)));

    /// <summary>Runs <paramref name="script"/>, requiring exactly one error and no output; returns it.</summary>
    public ErrorRecord Error(string script)
    {
        var (output, errors) = Run(script);
        Assert.Empty(output);
        return Assert.Single(errors);
    }

    /// <summary>What the runner prints for <paramref name="script"/> (through Out-Default and the module's views).</summary>
    public static string PrintedByTheRunner(string script)
    {
        var path = Path.Combine(Path.GetTempPath(), $"flux-{Guid.NewGuid():N}.ps1");
        File.WriteAllText(path, script);
        try
        {
            StringWriter output = new(), error = new();
            var code = ScriptRunner.RunCommandLine([path], output, error);
            Assert.True(code == 0, error.ToString());
            return output.ToString();
        }
        finally { File.Delete(path); }
    }

    public void Dispose() => _runspace.Dispose();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Flux.sln"))) return dir.FullName;
        throw new InvalidOperationException("no Flux.sln above " + AppContext.BaseDirectory);
    }
}
