namespace Flux;

/// <summary>What the solver reports after each step.</summary>
/// <param name="Iteration">Steps taken so far (1 after the first).</param>
/// <param name="Evaluations">Calls of the loss so far.</param>
/// <param name="Loss">The loss at the new iterate.</param>
/// <param name="GradientNorm">maxᵢ |∇f(x)ᵢ| at the new iterate.</param>
/// <param name="Step">The step length t the line search chose.</param>
/// <param name="Params">The new iterate.</param>
public sealed record MinimisationProgress(int Iteration, int Evaluations, double Loss, double GradientNorm, double Step, Params Params);
