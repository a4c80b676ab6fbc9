using System.Reflection;
using System.Runtime.InteropServices;

namespace Flux.Plotting;

/// <summary>
/// Finds SkiaSharp's and HarfBuzzSharp's native libraries where a NuGet build leaves them,
/// <c>runtimes/&lt;rid&gt;/native/</c> beside the managed assemblies. An application finds them
/// through its own dependency file; a PowerShell module has none, so without this the first plot in
/// pwsh would fail with "unable to load shared library 'libSkiaSharp'".
/// </summary>
internal static class NativeLibraries
{
    private static int _registered;

    /// <summary>Registers the resolver once per process; called before the first plot.</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 1) return;
        foreach (var assembly in new[] { typeof(SkiaSharp.SKCanvas).Assembly, typeof(HarfBuzzSharp.Blob).Assembly })
        {
            try { NativeLibrary.SetDllImportResolver(assembly, Resolve); }
            catch (InvalidOperationException) { } // the host set a resolver of its own: it knows best
        }
    }

    private static nint Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (NativeLibrary.TryLoad(name, assembly, searchPath, out var handle)) return handle;
        var folder = Path.GetDirectoryName(assembly.Location);
        if (string.IsNullOrEmpty(folder)) return 0;
        var file = name + (OperatingSystem.IsWindows() ? ".dll" : OperatingSystem.IsMacOS() ? ".dylib" : ".so");
        foreach (var rid in Candidates())
        {
            var path = Path.Combine(folder, "runtimes", rid, "native", file);
            if (File.Exists(path) && NativeLibrary.TryLoad(path, out handle)) return handle;
        }
        return 0;
    }

    // The runtime's own identifier first, then the portable ones it falls back to.
    private static IEnumerable<string> Candidates()
    {
        var arch = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        yield return RuntimeInformation.RuntimeIdentifier;
        if (OperatingSystem.IsLinux())
        {
            yield return $"linux-{arch}";
            yield return $"linux-musl-{arch}";
        }
        else if (OperatingSystem.IsMacOS()) yield return "osx";
        else if (OperatingSystem.IsWindows()) yield return $"win-{arch}";
    }
}
