using Flux;
using LanguageExt;
using Xunit;

// Outside namespace Flux on purpose: a user's code that opens both Flux and LanguageExt must
// compile with Flux's types named plainly (LanguageExt has a Schedule of its own).
namespace UserCode.UsingFluxAndLanguageExt;

public class NamespaceTests
{
    [Fact]
    public void Flux_and_LanguageExt_open_together_without_an_ambiguous_name()
    {
        HyperparameterSchedule lr = Schedules.WarmupCosine(peak: 1e-3, warmupSteps: 10, decaySteps: 90);
        Fin<IOptimiser> opt = Optimisers.Validated.Scheduled(Optimisers.ADAM(), "eta", lr);
        Assert.True(opt.IsSucc);
        Assert.Equal(1e-3, lr.At(10), 15);
        Assert.Equal("LanguageExt", typeof(Schedule).Namespace);   // CS0104 (ambiguous) while Flux had a Schedule too
    }
}
