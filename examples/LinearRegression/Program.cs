// The seed of Flux's tracked-parameter guide, step by step, in C#:
// parameters, a loss written as ordinary code, its gradient, and update steps.
using Flux;
using static Flux.Ops;

var W = new Param("W", Tensor.Rand(new Seed(1), 2, 5));   // W = param(rand(2, 5))
var b = new Param("b", Tensor.Rand(new Seed(2), 2));      // b = param(rand(2))
Tensor x = Tensor.Rand(new Seed(3), 5), y = Tensor.Rand(new Seed(4), 2);

Expr Predict(Tensor input) => W * input + b;             // predict(x) = W*x .+ b
Expr Loss() => Sum(Square(Predict(x) - y));               // loss(x, y) = sum((predict(x) .- y).^2)

Console.WriteLine($"loss before: {Loss().Value.ToScalar():G6}");

var grads = Gradient.Of(Loss, Params.Of(W, b));          // gradient(() -> loss(x, y), Params([W, b]))
Console.WriteLine($"∂loss/∂W:\n{grads[W]}");

W = W.Update(-0.1 * grads[W]);                            // update!(W, -η * grads[W]), returning a new W
b = b.Update(-0.1 * grads[b]);
Console.WriteLine($"loss after one step: {Loss().Value.ToScalar():G6}");

for (var step = 1; step <= 100; step++)                   // a hand-written SGD loop
{
    var g = Gradient.Of(Loss, Params.Of(W, b));
    (W, b) = (W.Update(-0.1 * g[W]), b.Update(-0.1 * g[b]));
    if (step % 25 == 0) Console.WriteLine($"step {step,3}: loss {Loss().Value.ToScalar():G6}");
}
Console.WriteLine($"W after training:\n{W.Value}");
