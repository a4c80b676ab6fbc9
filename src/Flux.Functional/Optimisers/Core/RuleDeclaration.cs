namespace Flux;

/// <summary>
/// What a rule is, said once: its name (as in OPTIMISERS.md, <see cref="StateNode.Kind"/> and
/// <c>New-Optimiser</c>), its hyperparameters in constructor order, and the names of the tensors it
/// keeps per parameter (its slots, in the order its kernel reads and writes them).
/// </summary>
public sealed record RuleDeclaration
{
    /// <summary>A declaration.</summary>
    public RuleDeclaration(string name, string summary, ImmutableArray<string> slots, params Hyperparameter[] hyperparameters)
    {
        Name = name;
        Summary = summary;
        Slots = slots;
        Hyperparameters = [.. hyperparameters];
    }

    /// <summary>The rule's name.</summary>
    public string Name { get; init; }

    /// <summary>One line on what the rule does.</summary>
    public string Summary { get; init; }

    /// <summary>The per-parameter slot names (empty for a rule that keeps nothing per parameter).</summary>
    public ImmutableArray<string> Slots { get; }

    /// <summary>The hyperparameters, in constructor order.</summary>
    public ImmutableArray<Hyperparameter> Hyperparameters { get; }

    /// <summary>The position of hyperparameter <paramref name="name"/>, or −1.</summary>
    public int IndexOf(string name)
    {
        // Kernels look names up by literal every step: the same interned string, so a reference
        // comparison finds them before any character is compared.
        for (var i = 0; i < Hyperparameters.Length; i++)
            if (ReferenceEquals(Hyperparameters[i].Name, name)) return i;
        for (var i = 0; i < Hyperparameters.Length; i++)
            if (Hyperparameters[i].Name == name) return i;
        return -1;
    }

    /// <summary>The values given, with each missing one replaced by its default, each checked against its range.</summary>
    /// <exception cref="ArgumentException">A value without a default is missing, or the count is wrong.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public ImmutableArray<double> Complete(ReadOnlySpan<double?> given)
    {
        if (given.Length != Hyperparameters.Length)
            throw new ArgumentException($"{Name}: {Hyperparameters.Length} hyperparameters are declared; {given.Length} values were given.");
        var values = ImmutableArray.CreateBuilder<double>(Hyperparameters.Length);
        for (var i = 0; i < Hyperparameters.Length; i++)
        {
            var h = Hyperparameters[i];
            var value = given[i] ?? h.Default ?? throw new ArgumentException($"{Name}: {h.Name} ({h.Symbol}, {h.Meaning}) has no default; give it.", h.Name);
            values.Add(h.Validate(Name, value));
        }
        return values.MoveToImmutable();
    }

    /// <summary>The rule as it is written with its defaults: <c>ADAM(eta = 0.001, beta1 = 0.9, ...)</c>.</summary>
    public override string ToString() =>
        Name + "(" + string.Join(", ", Hyperparameters.Select(h => h.Default is { } d ? $"{h.Name} = {Rule.Format(d)}" : h.Name)) + ")";

    /// <summary>The value of hyperparameter <paramref name="name"/> among <paramref name="values"/> (in the order of <see cref="Hyperparameters"/>).</summary>
    /// <exception cref="KeyNotFoundException">No hyperparameter of that name; the message lists those there are.</exception>
    internal double ValueOf(ImmutableArray<double> values, string name) =>
        IndexOf(name) is var i and >= 0
            ? values[i]
            : throw new KeyNotFoundException($"{Name} has no hyperparameter '{name}'; it has {string.Join(", ", Hyperparameters.Select(h => h.Name))}.");

    /// <summary><paramref name="values"/> (in the order of <see cref="Hyperparameters"/>) with <paramref name="changes"/> applied, each validated against its range.</summary>
    /// <exception cref="ArgumentException">A name this rule does not have, or a value out of its range.</exception>
    internal ImmutableArray<double>.Builder Adjusted(ImmutableArray<double> values, IReadOnlyDictionary<string, double> changes)
    {
        var adjusted = values.ToBuilder();
        foreach (var (name, value) in changes)
        {
            var i = IndexOf(name);
            if (i < 0)
                throw new ArgumentException(
                    $"{Name}.Adjust: {Name} has no hyperparameter '{name}'; it has {string.Join(", ", Hyperparameters.Select(h => h.Name))}.", nameof(changes));
            adjusted[i] = Hyperparameters[i].Validate(Name, value);
        }
        return adjusted;
    }
}
