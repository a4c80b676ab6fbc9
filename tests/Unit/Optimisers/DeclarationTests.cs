using System.Reflection;
using Xunit;

namespace Flux.Tests.Optimisation;

/// <summary>
/// Each hyperparameter is declared once: the constructors, the factories, the registry, printing and
/// adjusting all agree with the declarations. A rule whose constructor drifts from its declaration
/// fails here, not in a user's hands.
/// </summary>
public class DeclarationTests
{
    public static TheoryData<string> RuleNames => [.. Optimisers.Rules.Select(r => r.Name)];

    private static Type RuleType(string name) =>
        typeof(Rule).Assembly.GetTypes().Single(t => t.IsSealed && typeof(IOptimiser).IsAssignableFrom(t) &&
            (t.GetProperty("Declared", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as RuleDeclaration)?.Name == name);

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void The_constructor_takes_the_declared_hyperparameters_in_order(string name)
    {
        var declared = Optimisers.Rules.Single(r => r.Name == name).Hyperparameters.Select(h => h.Name).ToArray();
        var ctor = RuleType(name).GetConstructors().First(c => c.GetParameters().Length >= declared.Length);
        Assert.Equal(declared, ctor.GetParameters().Take(declared.Length).Select(p => p.Name).ToArray());
        Assert.All(ctor.GetParameters().Take(declared.Length), p => Assert.Null(p.DefaultValue));   // the default lives in the declaration only
        Assert.All(ctor.GetParameters().Skip(declared.Length), p => Assert.True(p.IsOptional, $"{name}: {p.Name} is not a hyperparameter, so it must be optional"));
    }

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void A_factory_of_the_same_name_returns_that_type_with_the_declared_parameters(string name)
    {
        var factory = typeof(Optimisers).GetMethod(name, BindingFlags.Public | BindingFlags.Static);
        if (factory is null) return;   // a rule needs no factory: ByName, New-Optimiser and `new` reach it
        Assert.Equal(RuleType(name), factory.ReturnType);
        var declared = Optimisers.Rules.Single(r => r.Name == name).Hyperparameters;
        Assert.Equal(declared.Select(h => h.Name), factory.GetParameters().Take(declared.Length).Select(p => p.Name));
        Assert.All(factory.GetParameters().Skip(declared.Length), p => Assert.True(p.IsOptional));
        if (declared.All(h => h.Default is not null))
            Assert.Equal(Optimisers.ByName(name), factory.Invoke(null, [.. factory.GetParameters().Select(p => p.HasDefaultValue ? p.DefaultValue : null)]));
    }

    [Theory]
    [MemberData(nameof(RuleNames))]
    public void Defaults_print_adjust_and_validate_as_declared(string name)
    {
        var declaration = Optimisers.Rules.Single(r => r.Name == name);
        var given = declaration.Hyperparameters.Where(h => h.Default is null).ToDictionary(h => h.Name, _ => 1.0);
        if (Optimisers.ByName(name, given) is not Rule rule) return;   // a composite (Muon) prints and adjusts its own way, tested with it
        Assert.Equal(declaration, rule.Declaration);
        foreach (var h in declaration.Hyperparameters)
        {
            Assert.Equal(h.Default ?? 1.0, rule[h.Name]);
            Assert.Contains($"{h.Name} = {Rule.Format(rule[h.Name])}", rule.ToString());
            Assert.False(h.Range.Contains(double.NaN));
            var e = Assert.Throws<ArgumentOutOfRangeException>(() => rule.Adjust(rule.Init(Params.Empty), h.Name, double.NaN));
            Assert.StartsWith($"{name}: {h.Name} must be {h.Range}; got NaN.", e.Message);
        }
        Assert.Equal(declaration.Hyperparameters.Select(h => h.Name).Order(StringComparer.Ordinal).ToArray(), rule.HyperparameterNames.ToArray());
    }

    [Fact]
    public void The_registry_holds_every_rule_once_and_finds_names_in_any_case()
    {
        var names = Optimisers.Rules.Select(r => r.Name).ToArray();
        Assert.Equal(names.Length, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        foreach (var seed in new[] { "SGD", "Momentum", "Nesterov", "ADAM", "RMSProp", "AdaMax", "ADAGrad", "ADADelta", "AMSGrad", "NADAM", "ADAMW", "Yogi", "SignDecay" })
            Assert.Equal(seed, ((Rule)Optimisers.ByName(seed.ToLowerInvariant())).Declaration.Name);
        var e = Assert.Throws<ArgumentException>(() => Optimisers.ByName("Adamant"));
        Assert.Contains("No optimiser rule is called 'Adamant'; the rules are ", e.Message);
        Assert.Contains("ADAM has no hyperparameter 'rho'; it has eta, beta1, beta2, epsilon, decay.",
            Assert.Throws<ArgumentException>(() => Optimisers.ByName("ADAM", new Dictionary<string, double> { ["rho"] = 0.9 })).Message);
    }
}
