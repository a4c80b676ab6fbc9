namespace Flux;

/// <summary>The step a line search chose along d, with the loss and gradient there.</summary>
/// <param name="Step">The step length t.</param>
/// <param name="Loss">f(x + t·d).</param>
/// <param name="Gradient">∇f(x + t·d), flat.</param>
internal sealed record LineSearchResult(double Step, double Loss, double[] Gradient);
