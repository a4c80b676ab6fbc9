namespace Flux;

/// <summary>
/// A checkpoint file that cannot be read, or that does not fit the model or optimiser it is
/// loaded into. The message names the file and what is wrong; the file itself is never changed.
/// </summary>
public sealed class CheckpointException : IOException
{
    /// <summary>An error about the checkpoint at <paramref name="path"/>.</summary>
    public CheckpointException(string path, string problem, Exception? inner = null)
        : base($"checkpoint {path}: {problem}", inner)
    {
        Path = path;
        Problem = problem;
    }

    /// <summary>The checkpoint file.</summary>
    public string Path { get; }

    /// <summary>What is wrong, without the file name.</summary>
    public string Problem { get; }
}
