using System.Management.Automation;
using System.Reflection;

namespace Flux.PowerShell.Internal;

/// <summary>
/// Turns the library's exceptions into ErrorRecords: a category from the exception's kind, the
/// offending value as target, and the library's message (which names the expected shape or range).
/// </summary>
internal static class CmdletErrors
{
    /// <summary>
    /// Runs <paramref name="action"/>. An invalid argument (an <see cref="ArgumentException"/>: a bad
    /// value, shape or range) is a terminating error, so that no <c>$null</c> flows on to fail far from
    /// the cause and <c>try</c>/<c>catch</c> sees it; any other library or script error is written as a
    /// non-terminating ErrorRecord, and the method returns false.
    /// </summary>
    /// <remarks>A stop of the pipeline (Ctrl+C) is not an error: it propagates.</remarks>
    public static bool TryRun<T>(this Cmdlet cmdlet, Func<T> action, string errorId, object? target, out T result)
    {
        try
        {
            result = action();
            return true;
        }
        catch (Exception e) when (e is not PipelineStoppedException && e is ArgumentException or InvalidOperationException or KeyNotFoundException or FormatException
                                     or IOException or UnauthorizedAccessException or NotSupportedException
                                     or ArithmeticException or RuntimeException or TargetInvocationException)
        {
            var record = Record(e, errorId, target);
            if (Unwrap(e) is ArgumentException) cmdlet.ThrowTerminatingError(record);
            cmdlet.WriteError(record);
            result = default!;
            return false;
        }
    }

    /// <summary>Runs <paramref name="action"/>; on a library or script error stops the command with a terminating ErrorRecord, so no $null flows on.</summary>
    public static T Run<T>(this Cmdlet cmdlet, Func<T> action, string errorId, object? target)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is not PipelineStoppedException && e is ArgumentException or InvalidOperationException or KeyNotFoundException
                                     or ArithmeticException or TargetInvocationException)
        {
            cmdlet.ThrowTerminatingError(Record(e, errorId, target));
            throw; // not reached: ThrowTerminatingError throws
        }
    }

    /// <summary>An ErrorRecord for <paramref name="e"/>, unwrapped to the exception the library threw.</summary>
    public static ErrorRecord Record(Exception e, string errorId, object? target)
    {
        var cause = Unwrap(e);
        if (cause is RuntimeException { ErrorRecord: { } inner } && cause is not MethodInvocationException)
            return new ErrorRecord(inner, cause) { ErrorDetails = new ErrorDetails(cause.Message) };
        return new ErrorRecord(cause, errorId, Category(cause), target);
    }

    /// <summary>An ErrorRecord with a message of our own, for values the cmdlet itself rejects.</summary>
    public static ErrorRecord Invalid(string message, string errorId, ErrorCategory category, object? target) =>
        new(new ArgumentException(message), errorId, category, target);

    private static Exception Unwrap(Exception e)
    {
        // A .NET exception thrown from a method a script called arrives wrapped; report the library's own.
        while (e is MethodInvocationException or TargetInvocationException or GetValueInvocationException && e.InnerException is { } inner)
            e = inner;
        return e;
    }

    private static ErrorCategory Category(Exception e) => e switch
    {
        KeyNotFoundException or FileNotFoundException or DirectoryNotFoundException => ErrorCategory.ObjectNotFound,
        FormatException or CheckpointException => ErrorCategory.InvalidData,
        UnauthorizedAccessException => ErrorCategory.PermissionDenied,
        IOException => ErrorCategory.ReadError,
        ArgumentOutOfRangeException => ErrorCategory.InvalidArgument,
        ArgumentException => ErrorCategory.InvalidArgument,
        InvalidOperationException => ErrorCategory.InvalidOperation,
        ArithmeticException => ErrorCategory.InvalidResult,
        NotSupportedException => ErrorCategory.NotImplemented, // a primitive with no traced pullback, named in the message
        _ => ErrorCategory.NotSpecified,
    };
}
