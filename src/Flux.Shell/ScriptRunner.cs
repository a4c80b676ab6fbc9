using System.Management.Automation;
using System.Management.Automation.Host;
using System.Management.Automation.Runspaces;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Flux.Shell;

/// <summary>
/// Runs a PowerShell script in the embedded engine with the Flux module imported: output through the
/// module's format views to <c>Out</c>, errors (with the script position), warnings, verbose lines and
/// progress to <c>Error</c>. The exit code is the script's <c>exit N</c>, else 130 after Ctrl+C, else 1
/// when an error was written, else 0.
/// </summary>
public sealed partial class ScriptRunner
{
    private readonly TextWriter _out, _error;
    private readonly bool _errorIsTerminal;

    /// <summary>A runner writing to <paramref name="output"/> and <paramref name="error"/>.</summary>
    /// <param name="output">Where formatted output goes.</param>
    /// <param name="error">Where errors, warnings, verbose lines and progress go.</param>
    /// <param name="errorIsTerminal">Draw progress as a bar redrawn in place; otherwise as plain lines.</param>
    public ScriptRunner(TextWriter output, TextWriter error, bool errorIsTerminal = false) =>
        (_out, _error, _errorIsTerminal) = (output, error, errorIsTerminal);

    /// <summary>Show the verbose stream (sets <c>$VerbosePreference = 'Continue'</c>).</summary>
    public bool Verbose { get; init; }

    /// <summary>The records (progress, errors, warnings, verbose, debug, information) the last run left in the engine's streams.</summary>
    internal int RetainedRecords { get; private set; }

    /// <summary>The folder holding the module folder <c>Flux</c>: <c>Modules</c> beside this assembly.</summary>
    public static string ModulesDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "Modules");

    /// <summary>The command line: <c>[--verbose] script.ps1 [arguments]</c>.</summary>
    public static int RunCommandLine(string[] args, TextWriter output, TextWriter error)
    {
        var verbose = args.Length > 0 && args[0] is "--verbose" or "-v";
        var rest = verbose ? args[1..] : args;
        if (rest.Length == 0 || rest[0] is "--help" or "-h")
        {
            error.WriteLine("usage: Flux.Shell [--verbose] script.ps1 [-Name value ...]");
            return rest.Length == 0 ? 2 : 0;
        }
        var runner = new ScriptRunner(output, error, errorIsTerminal: !Console.IsErrorRedirected && ReferenceEquals(error, Console.Error)) { Verbose = verbose };
        return runner.Run(rest[0], rest[1..]);
    }

    /// <summary>Runs the script at <paramref name="scriptPath"/> with <paramref name="arguments"/> bound as pwsh binds them.</summary>
    /// <returns>The exit code.</returns>
    public int Run(string scriptPath, IReadOnlyList<string> arguments)
    {
        var path = Path.GetFullPath(scriptPath);
        if (!File.Exists(path))
        {
            _error.WriteLine($"Flux.Shell: no script at {path}.");
            return 1;
        }
        var host = new FluxHost(_out, _error, _errorIsTerminal);
        using var runspace = RunspaceFactory.CreateRunspace(host, CreateSessionState());
        try
        {
            runspace.Open();
        }
        catch (Exception e) when (e is RuntimeException or PSInvalidOperationException)
        {
            _error.WriteLine($"Flux.Shell: the engine could not start with the Flux module from {ModulesDirectory}: {e.Message}");
            return 1;
        }
        if (Verbose) runspace.SessionStateProxy.SetVariable("VerbosePreference", ActionPreference.Continue);

        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = runspace;
        var script = new Command(path, isScript: false);
        foreach (var p in BindArguments(arguments)) script.Parameters.Add(p);
        ps.Commands.AddCommand(script);
        ps.AddScript(OutDefaultByType, useLocalScope: true);
        var errors = WriteAndLetGo(ps.Streams, host.UI);
        // Ctrl+C (SIGINT) stops the pipeline, so the script's finally blocks run, and the exit code is 130;
        // a second one while it stops ends the process at once.
        var interrupted = 0;
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            if (Interlocked.Exchange(ref interrupted, 1) == 1) return;
            context.Cancel = true;
            ps.BeginStop(null, null);
        });
        try
        {
            ps.Invoke();
        }
        catch (RuntimeException e)
        {
            if (Volatile.Read(ref interrupted) == 1) return Interrupted;
            host.UI.WriteErrorLine(Describe(e.ErrorRecord));
            return host.ExitCode ?? 1;
        }
        finally
        {
            var s = ps.Streams;
            RetainedRecords = s.Progress.Count + s.Error.Count + s.Warning.Count + s.Verbose.Count + s.Debug.Count + s.Information.Count;
        }
        if (Volatile.Read(ref interrupted) == 1) return Interrupted;
        if (host.ExitCode is { } code) return code;
        if (runspace.SessionStateProxy.GetVariable("LASTEXITCODE") is int exit) return exit;
        return errors.Value > 0 ? 1 : 0;
    }

    /// <summary>The exit code after Ctrl+C (SIGINT): 128 + 2, as a POSIX shell reports it.</summary>
    public const int Interrupted = 130;

    /// <summary>
    /// Prints each error as it is written (between the output lines around it, with its position) and
    /// counts them. The host shows progress, warnings, verbose, debug and information records itself,
    /// but the <c>PowerShell</c> object also keeps a copy of every one in its streams: over a long run
    /// (a million <c>Write-Progress</c> calls) that grows without bound, so each is let go as it comes.
    /// </summary>
    /// <returns>The count of errors written so far, read after the run.</returns>
    private static StrongBox<int> WriteAndLetGo(PSDataStreams streams, PSHostUserInterface ui)
    {
        var errors = new StrongBox<int>(0);
        streams.Error.DataAdded += (_, _) =>
        {
            foreach (var record in streams.Error.ReadAll())
            {
                errors.Value++;
                ui.WriteErrorLine(Describe(record));
            }
        };
        LetGo(streams.Progress);
        LetGo(streams.Warning);
        LetGo(streams.Verbose);
        LetGo(streams.Debug);
        LetGo(streams.Information);
        return errors;

        static void LetGo<T>(PSDataCollection<T> stream) => stream.DataAdded += (_, _) => stream.Clear();
    }

    /// <summary>
    /// Out-Default, restarted whenever the type of the output changes. One Out-Default over a whole
    /// script lays every object out in the shape the first one chose (a table of parameters turns
    /// the gradients after it into lists); a run per type gives each its own view, as the prompt does.
    /// The formatting objects a <c>Format-*</c> command emits (start, group, entries, end: all of the
    /// namespace <c>Microsoft.PowerShell.Commands.Internal.Format</c>) count as one type, so that each
    /// sequence reaches one Out-Default whole, as it must.
    /// </summary>
    private const string OutDefaultByType = """
        begin { $outDefault = $null; $lastType = $null }
        process {
            $type = if ($null -eq $_) { '' }
                elseif ($_.pstypenames[0].StartsWith('Microsoft.PowerShell.Commands.Internal.Format.')) { 'Format-*' }
                else { $_.pstypenames[0] }
            if ($null -eq $outDefault -or $type -ne $lastType) {
                if ($outDefault) { $outDefault.End() }
                $outDefault = { Out-Default }.GetSteppablePipeline()
                $outDefault.Begin($true)
                $lastType = $type
            }
            $outDefault.Process($_)
        }
        end { if ($outDefault) { $outDefault.End() } }
        """;

    /// <summary>The session: the default engine with the Flux module on the module path and imported.</summary>
    public static InitialSessionState CreateSessionState()
    {
        var modulePath = Environment.GetEnvironmentVariable("PSModulePath") ?? "";
        if (!modulePath.Split(Path.PathSeparator).Contains(ModulesDirectory))
            Environment.SetEnvironmentVariable("PSModulePath", ModulesDirectory + Path.PathSeparator + modulePath);
        var iss = InitialSessionState.CreateDefault2();
        iss.ThrowOnRunspaceOpenError = true;
        iss.ImportPSModule([Path.Combine(ModulesDirectory, "Flux", "Flux.psd1")]);
        return iss;
    }

    /// <summary>
    /// Arguments as pwsh binds them: <c>-Name value</c> and <c>-Name:value</c> by name, <c>-Switch</c>
    /// (followed by another name or nothing) as a switch, anything else by position.
    /// </summary>
    public static IEnumerable<CommandParameter> BindArguments(IReadOnlyList<string> arguments)
    {
        for (var i = 0; i < arguments.Count; i++)
        {
            var match = ParameterName().Match(arguments[i]);
            if (!match.Success) { yield return new CommandParameter(null, arguments[i]); continue; }
            var name = match.Groups["name"].Value;
            if (match.Groups["value"].Success) yield return new CommandParameter(name, match.Groups["value"].Value);
            else if (i + 1 < arguments.Count && !ParameterName().IsMatch(arguments[i + 1])) yield return new CommandParameter(name, arguments[++i]);
            else yield return new CommandParameter(name, true);
        }
    }

    [GeneratedRegex(@"^-(?<name>[A-Za-z_][\w-]*)(:(?<value>.*))?$")]
    private static partial Regex ParameterName();

    /// <summary>An error as one block: the message, then where in the script it happened.</summary>
    internal static string Describe(ErrorRecord record)
    {
        var message = record.ErrorDetails?.Message ?? record.Exception?.Message ?? record.ToString();
        var position = record.InvocationInfo?.PositionMessage;
        var command = record.InvocationInfo?.MyCommand?.Name;
        var head = string.IsNullOrEmpty(command) || command.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase) ? "" : command + ": ";
        return string.IsNullOrEmpty(position) ? head + message : $"{head}{message}\n{position}";
    }
}
