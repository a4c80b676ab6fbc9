namespace Flux;

/// <summary>The loss and its flat gradient at one point.</summary>
/// <param name="Loss">f(x).</param>
/// <param name="Gradient">∇f(x), in the layout's order.</param>
internal readonly record struct Evaluation(double Loss, double[] Gradient);
