using System.Globalization;
using System.Management.Automation.Host;

namespace Flux.Shell;

/// <summary>The host the runner gives the engine: a non-interactive console over two writers.</summary>
internal sealed class FluxHost : PSHost
{
    private readonly FluxHostUserInterface _ui;

    public FluxHost(TextWriter output, TextWriter error, bool errorIsTerminal) => _ui = new FluxHostUserInterface(output, error, errorIsTerminal);

    /// <summary>The code passed to <c>exit</c> at the top level of the session, if any.</summary>
    public int? ExitCode { get; private set; }

    public override string Name => "Flux.Shell";
    public override Version Version { get; } = typeof(FluxHost).Assembly.GetName().Version ?? new Version(0, 1);
    public override Guid InstanceId { get; } = Guid.NewGuid();
    public override PSHostUserInterface UI => _ui;
    public override CultureInfo CurrentCulture => CultureInfo.InvariantCulture;
    public override CultureInfo CurrentUICulture => CultureInfo.InvariantCulture;

    public override void SetShouldExit(int exitCode) => ExitCode = exitCode;
    public override void EnterNestedPrompt() => throw new NotSupportedException("Flux.Shell runs scripts; it has no interactive prompt.");
    public override void ExitNestedPrompt() => throw new NotSupportedException("Flux.Shell runs scripts; it has no interactive prompt.");
    public override void NotifyBeginApplication() { }
    public override void NotifyEndApplication() { }
}
