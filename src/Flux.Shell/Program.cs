// flux-shell: runs a PowerShell script in the embedded engine with the Flux module imported.
//   dotnet run --project src/Flux.Shell -- [--verbose] script.ps1 [-Name value ...]
using Flux.Shell;

return ScriptRunner.RunCommandLine(args, Console.Out, Console.Error);
