using Xunit;
using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace Flux.Tests.Unit.PowerShell;

/// <summary>The manifest, the help and the format views of the built module folder.</summary>
public sealed class ModuleTests : IDisposable
{
    private readonly PowerShellSession _ps = new();

    public void Dispose() => _ps.Dispose();

    private static Hashtable Manifest()
    {
        var ast = Parser.ParseFile(Path.Combine(PowerShellSession.RepositoryRoot, "Flux.psd1"), out _, out var errors);
        Assert.Empty(errors);
        return (Hashtable)ast.Find(a => a is HashtableAst, false)!.SafeGetValue();
    }

    private static string[] Strings(object? value) => value switch
    {
        object[] items => [.. items.Cast<string>()],
        string s => [s],
        _ => [],
    };

    /// <summary>Every [Cmdlet] class in the assembly the engine loaded the module from.</summary>
    private IEnumerable<string> CmdletTypeNames()
    {
        var assembly = _ps.Single<CmdletInfo>("Get-Command New-Tensor").ImplementingType.Assembly;
        return assembly.GetTypes()
            .Select(t => (Type: t, Attribute: t.GetCustomAttributes(typeof(CmdletAttribute), false).Cast<CmdletAttribute>().SingleOrDefault()))
            .Where(c => c.Attribute is not null)
            .Select(c => $"{c.Attribute!.VerbName}-{c.Attribute.NounName}");
    }

    public static TheoryData<string> Cmdlets() => [.. Strings(Manifest()["CmdletsToExport"])];

    [Fact]
    public void The_manifest_exports_exactly_the_cmdlets_of_the_module_and_nothing_else()
    {
        var manifest = Manifest();
        Assert.Equal(CmdletTypeNames().Order(), Strings(manifest["CmdletsToExport"]).Order());
        Assert.Empty(Strings(manifest["FunctionsToExport"]));
        Assert.Empty(Strings(manifest["VariablesToExport"]));
        Assert.Empty(Strings(manifest["AliasesToExport"]));
        Assert.Equal(["Core"], Strings(manifest["CompatiblePSEditions"]));
        Assert.Equal("7.4", manifest["PowerShellVersion"]);
        Assert.Equal(["Flux.format.ps1xml"], Strings(manifest["FormatsToProcess"]));
        Assert.Equal(["Flux.types.ps1xml"], Strings(manifest["TypesToProcess"]));
    }

    [Fact]
    public void The_imported_module_exports_the_manifest_cmdlets()
    {
        var exported = _ps.Eval("(Get-Module Flux).ExportedCmdlets.Keys").Cast<string>();
        Assert.Equal(Strings(Manifest()["CmdletsToExport"]).Order(), exported.Order());
    }

    [Fact]
    public void Every_cmdlet_declares_its_output_type()
    {
        var assembly = _ps.Single<CmdletInfo>("Get-Command New-Tensor").ImplementingType.Assembly;
        foreach (var type in assembly.GetTypes().Where(t => t.IsDefined(typeof(CmdletAttribute), false)))
        {
            Assert.True(type.IsSealed, type.Name);
            var output = Assert.Single(type.GetCustomAttributes(typeof(OutputTypeAttribute), false).Cast<OutputTypeAttribute>());
            Assert.DoesNotContain(output.Type, t => t.Type == typeof(object));
        }
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void Help_is_complete(string cmdlet)
    {
        // Read the help object in the engine, as a user would, and hand back plain "kind=text" strings.
        var lines = _ps.Eval($$"""
            $h = Get-Help {{cmdlet}} -Full
            'synopsis=' + $h.Synopsis
            'description=' + (($h.description | ForEach-Object { $_.Text }) -join ' ')
            foreach ($p in $h.parameters.parameter) { 'parameter=' + $p.name + '=' + (($p.description | ForEach-Object { $_.Text }) -join ' ') }
            foreach ($e in $h.examples.example) { 'example=' + $e.code }
            """).Cast<string>().Select(l => l.Split('=', 2)).ToLookup(kv => kv[0], kv => kv[1]);

        var synopsis = Assert.Single(lines["synopsis"]);
        Assert.False(string.IsNullOrWhiteSpace(synopsis));
        Assert.DoesNotContain("[<CommonParameters>]", synopsis); // the engine's stand-in when no help is found
        Assert.False(string.IsNullOrWhiteSpace(Assert.Single(lines["description"])));

        var documented = lines["parameter"].Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var info = _ps.Single<CmdletInfo>($"Get-Command {cmdlet}");
        foreach (var name in info.Parameters.Keys.Except(Cmdlet.CommonParameters).Except(Cmdlet.OptionalCommonParameters))
        {
            Assert.True(documented.TryGetValue(name, out var text), $"{cmdlet}: -{name} is not documented");
            Assert.False(string.IsNullOrWhiteSpace(text), $"{cmdlet}: -{name} has no description");
        }
        Assert.All(documented.Keys, name => Assert.Contains(name, info.Parameters.Keys));

        var examples = lines["example"].ToList();
        Assert.True(examples.Count >= 2, $"{cmdlet}: {examples.Count} examples");
        Assert.Contains(examples, code => code.Contains('|'));
    }

    [Fact]
    public void The_gradient_view_is_selected_by_the_exact_pair_type_name()
    {
        var format = File.ReadAllText(Path.Combine(PowerShellSession.RepositoryRoot, "src", "Flux.PowerShell", "Flux.format.ps1xml"));
        Assert.Contains($"<TypeName>{typeof(KeyValuePair<Param, Tensor>).FullName}</TypeName>", format);
        var types = File.ReadAllText(Path.Combine(PowerShellSession.RepositoryRoot, "src", "Flux.PowerShell", "Flux.types.ps1xml"));
        Assert.Contains($"<Name>{typeof(KeyValuePair<Param, Tensor>).FullName}</Name>", types);
    }

    [Fact]
    public void Get_Help_shows_the_about_Flux_topic()
    {
        var text = string.Join("\n", _ps.Eval("Get-Help about_Flux | Out-String"));
        Assert.Contains("about_Flux", text);
        Assert.Contains("Import-Module Flux", text);
        Assert.Contains("$result.History | Export-Csv", text);
    }
}
