using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Security;

namespace Flux.Shell;

/// <summary>
/// Output to one writer; errors, warnings, verbose and debug lines and progress to the other, as
/// plain text (escape sequences stripped). Progress is a bar redrawn in place on a terminal, and
/// plain lines otherwise.
/// </summary>
internal sealed class FluxHostUserInterface(TextWriter output, TextWriter error, bool errorIsTerminal) : PSHostUserInterface
{
    private readonly ProgressRenderer _progress = new(error, errorIsTerminal);

    public override PSHostRawUserInterface RawUI { get; } = new FluxRawUserInterface(errorIsTerminal);

    public override void Write(string value) => output.Write(Plain(value));
    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);
    public override void WriteLine(string value) => output.WriteLine(Plain(value));
    public override void WriteErrorLine(string value) => ToError(Plain(value));
    public override void WriteWarningLine(string message) => ToError("WARNING: " + Plain(message));
    public override void WriteVerboseLine(string message) => ToError("VERBOSE: " + Plain(message));
    public override void WriteDebugLine(string message) => ToError("DEBUG: " + Plain(message));
    public override void WriteProgress(long sourceId, ProgressRecord record) => _progress.Render(sourceId, record);

    public override string ReadLine() => Console.ReadLine() ?? "";
    public override SecureString ReadLineAsSecureString() => throw NotInteractive();
    public override Dictionary<string, PSObject> Prompt(string caption, string message, Collection<FieldDescription> descriptions) => throw NotInteractive();
    public override int PromptForChoice(string caption, string message, Collection<ChoiceDescription> choices, int defaultChoice) => throw NotInteractive();
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) => throw NotInteractive();
    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName,
        PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options) => throw NotInteractive();

    private void ToError(string line)
    {
        _progress.Clear();
        error.WriteLine(line);
    }

    private static string Plain(string text) => GetOutputString(text, supportsVirtualTerminal: false);

    private static PSInvalidOperationException NotInteractive() => new("Flux.Shell runs scripts non-interactively; it cannot prompt.");
}
