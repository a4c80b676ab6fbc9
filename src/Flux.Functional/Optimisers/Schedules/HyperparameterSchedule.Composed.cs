namespace Flux;

// The schedules made of others or of a list: piecewise constant values and joins of schedules.
public abstract partial record HyperparameterSchedule
{
    /// <summary>Piecewise constant (Optax's <c>piecewise_constant_schedule</c>): <c>v(t) = init * Π scaleᵢ over every boundary bᵢ &lt; t</c>: after step bᵢ the value is multiplied by scaleᵢ.</summary>
    public sealed record Piecewise : HyperparameterSchedule
    {
        /// <summary>From <paramref name="init"/>, multiplied by each scale after its boundary step.</summary>
        /// <exception cref="ArgumentException">Boundaries not strictly increasing or below 1, or a scale not finite and ≥ 0.</exception>
        public Piecewise(double init, IEnumerable<(long Step, double Scale)> boundaries)
        {
            ArgumentNullException.ThrowIfNull(boundaries);
            Init = Checks.Finite("Piecewise", nameof(init), init);
            Boundaries = [.. boundaries];
            for (var i = 0; i < Boundaries.Length; i++)
            {
                Checks.AtLeastOne("Piecewise", $"{nameof(boundaries)}[{i}].Step", Boundaries[i].Step);
                Checks.NonNegative("Piecewise", $"{nameof(boundaries)}[{i}].Scale", Boundaries[i].Scale);
                if (i > 0 && Boundaries[i].Step <= Boundaries[i - 1].Step)
                    throw new ArgumentException($"Piecewise: boundaries must increase; step {Boundaries[i].Step} follows {Boundaries[i - 1].Step}.", nameof(boundaries));
            }
        }

        /// <summary>The value up to the first boundary.</summary>
        public double Init { get; }
        /// <summary>The boundaries and their scales, in increasing order.</summary>
        public ImmutableArray<(long Step, double Scale)> Boundaries { get; }

        private protected override double Value(long t)
        {
            var v = Init;
            foreach (var (step, scale) in Boundaries)
                if (step < t) v *= scale;
            return v;
        }

        /// <summary>Equal initial values and boundaries.</summary>
        public bool Equals(Piecewise? other) => other is not null && Init.Equals(other.Init) && Boundaries.SequenceEqual(other.Boundaries);

        /// <inheritdoc/>
        public override int GetHashCode() => HashCode.Combine(Init, Boundaries.Length);

        /// <inheritdoc/>
        public override string ToString() => $"Piecewise({F(Init)}{string.Concat(Boundaries.Select(b => $", ×{F(b.Scale)} after {b.Step}"))})";
    }

    /// <summary>
    /// A join (Optax's <c>join_schedules</c>): <c>schedules[0]</c> up to step <c>b₀</c>, then
    /// <c>schedules[1]</c> restarted (<c>v(t) = schedules[1](t - b₀)</c>) up to <c>b₁</c>, and so on:
    /// with <c>i</c> the number of boundaries below <c>t</c>, <c>v(t) = schedules[i](t - b_{i-1})</c> (<c>b_{-1} = 0</c>).
    /// </summary>
    public sealed record Join : HyperparameterSchedule
    {
        /// <summary>The join of <paramref name="schedules"/> at <paramref name="boundaries"/> (one fewer than the schedules).</summary>
        /// <exception cref="ArgumentException">The counts do not fit, or the boundaries are not strictly increasing and ≥ 1.</exception>
        public Join(IEnumerable<HyperparameterSchedule> schedules, IEnumerable<long> boundaries)
        {
            ArgumentNullException.ThrowIfNull(schedules);
            ArgumentNullException.ThrowIfNull(boundaries);
            Schedules = [.. schedules];
            Boundaries = [.. boundaries];
            if (Schedules.Any(s => s is null)) throw new ArgumentException("Join: a schedule is null.", nameof(schedules));
            if (Schedules.Length != Boundaries.Length + 1)
                throw new ArgumentException($"Join: {Schedules.Length} schedules need {Schedules.Length - 1} boundaries; got {Boundaries.Length}.", nameof(boundaries));
            for (var i = 0; i < Boundaries.Length; i++)
            {
                Checks.AtLeastOne("Join", $"{nameof(boundaries)}[{i}]", Boundaries[i]);
                if (i > 0 && Boundaries[i] <= Boundaries[i - 1])
                    throw new ArgumentException($"Join: boundaries must increase; {Boundaries[i]} follows {Boundaries[i - 1]}.", nameof(boundaries));
            }
        }

        /// <summary>The schedules, in order.</summary>
        public ImmutableArray<HyperparameterSchedule> Schedules { get; }
        /// <summary>The last step of each schedule but the last.</summary>
        public ImmutableArray<long> Boundaries { get; }

        private protected override double Value(long t)
        {
            var i = 0;
            while (i < Boundaries.Length && Boundaries[i] < t) i++;
            return Schedules[i].At(t - (i == 0 ? 0 : Boundaries[i - 1]));
        }

        /// <summary>Equal schedules and boundaries.</summary>
        public bool Equals(Join? other) => other is not null && Schedules.SequenceEqual(other.Schedules) && Boundaries.SequenceEqual(other.Boundaries);

        /// <inheritdoc/>
        public override int GetHashCode() => HashCode.Combine(Schedules.Length, Boundaries.Length);

        /// <inheritdoc/>
        public override string ToString() =>
            "Join(" + Schedules[0] + string.Concat(Boundaries.Select((b, i) => $", after {b}: {Schedules[i + 1]}")) + ")";
    }
}
