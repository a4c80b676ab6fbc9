using System.Management.Automation.Host;

namespace Flux.Shell;

/// <summary>A fixed-size, non-interactive buffer: the width the formatter lays tables out in.</summary>
internal sealed class FluxRawUserInterface(bool isTerminal) : PSHostRawUserInterface
{
    private readonly int _width = isTerminal && !Console.IsOutputRedirected && Console.WindowWidth > 0 ? Console.WindowWidth : 120;

    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;
    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;
    public override Size BufferSize { get => new(_width, 9999); set { } }
    public override Coordinates CursorPosition { get; set; }
    public override int CursorSize { get; set; } = 1;
    public override bool KeyAvailable => false;
    public override Size MaxPhysicalWindowSize => new(_width, 50);
    public override Size MaxWindowSize => new(_width, 50);
    public override Coordinates WindowPosition { get; set; }
    public override Size WindowSize { get => new(_width, 50); set { } }
    public override string WindowTitle { get; set; } = "Flux.Shell";

    public override void FlushInputBuffer() { }
    public override BufferCell[,] GetBufferContents(Rectangle rectangle) => throw NotSupported();
    public override KeyInfo ReadKey(ReadKeyOptions options) => throw NotSupported();
    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) => throw NotSupported();
    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) => throw NotSupported();
    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) => throw NotSupported();

    private static NotSupportedException NotSupported() => new("Flux.Shell has no screen buffer.");
}
