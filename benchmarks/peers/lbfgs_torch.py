#!/usr/bin/python3
"""Reference iterates of torch.optim.LBFGS(line_search_fn="strong_wolfe") in float64.

The peer of Flux's LBFGS.Minimise: one call of LBFGS.step(closure) per case (Minimise is one
such call), on Rosenbrock and on a small logistic regression, with the settings of each case.
For every case it records the problem (starting point, data), the settings, the parameters after
every iteration (the accepted iterates), the loss at each iterate, every point the closure was
evaluated at (line-search trials included) with its loss, and PyTorch's iteration and
evaluation counts. The unit tests compare Flux against this file; they do not need PyTorch.

Regenerate (Debian's python3-torch; the tests' data file is the default output):

    /usr/bin/python3 benchmarks/peers/lbfgs_torch.py tests/Properties/Solvers/lbfgs_torch.json

The losses are written as Flux writes them, so that both sides compute the same expressions:
Rosenbrock as (1 - a)^2 + 100 (b - a^2)^2 over two parameters of one element each; the logistic
regression as Flux's logitbinarycrossentropy, mean((1 - y) z + softplus(-z)) with
softplus(x) = max(x, 0) + log1p(exp(-|x|)) and z = w X + b (w 1x3, b of one element, X 3x50).
"""
import json
import sys

import torch

torch.set_default_dtype(torch.float64)


def rosenbrock(a, b):
    return (1 - a).square().sum() + 100 * (b - a.square()).square().sum()


def softplus(x):
    return torch.clamp(x, min=0) + torch.log1p(torch.exp(-x.abs()))


def logistic_data(seed=20261201, d=3, n=50):
    """Features X (d x n, one sample per column, as Flux's batches) and labels y (1 x n) in {0, 1}.

    Labels are Bernoulli draws from a logistic model, so the classes overlap and the loss has a
    finite minimiser.
    """
    g = torch.Generator().manual_seed(seed)
    X = torch.randn(d, n, generator=g)
    w_true = torch.tensor([[1.5, -2.0, 0.5]])
    z = w_true @ X + 0.3
    y = (torch.rand(1, n, generator=g) < torch.sigmoid(z)).double()
    return X, y


def logistic(X, y):
    def loss(w, b):
        z = w @ X + b.unsqueeze(1)
        return ((1 - y) * z + softplus(-z)).mean()
    return loss


def flat(params):
    return [v for p in params for v in p.detach().reshape(-1).tolist()]


def run(loss, x0, settings):
    params = [torch.tensor(v, requires_grad=True) for v in x0]
    opt = torch.optim.LBFGS(params, line_search_fn="strong_wolfe", **settings)
    evaluations, iterates = [], []

    def closure():
        opt.zero_grad()
        value = loss(*params)
        value.backward()
        evaluations.append({"x": flat(params), "loss": value.item()})
        return value

    # An iterate is the point step() moves to after its line search: a call of _add_grad that is
    # not inside _directional_evaluate (which moves to a trial point and back).
    add_grad, directional = opt._add_grad, opt._directional_evaluate
    inside = [False]

    def directional_evaluate(closure, x, t, d):
        inside[0] = True
        try:
            return directional(closure, x, t, d)
        finally:
            inside[0] = False

    def recording_add_grad(step_size, update):
        add_grad(step_size, update)
        if not inside[0]:
            iterates.append(flat(params))

    opt._add_grad, opt._directional_evaluate = recording_add_grad, directional_evaluate
    opt.step(closure)
    state = opt.state[params[0]]

    def loss_at(x):
        with torch.no_grad():
            ps, offset = [], 0
            for p in params:
                ps.append(torch.tensor(x[offset:offset + p.numel()]).reshape(p.shape))
                offset += p.numel()
            return loss(*ps).item()

    return {
        "iterates": iterates,
        "losses": [loss_at(flat([torch.tensor(v) for v in x0]))] + [loss_at(x) for x in iterates],
        "evaluations": evaluations,
        "iterations": state.get("n_iter", 0),
        "func_evals": state["func_evals"],
    }


def cases():
    X, y = logistic_data()
    data = {"X": X.tolist(), "y": y.tolist()}
    defaults = {"lr": 1.0, "max_iter": 200, "max_eval": 250, "tolerance_grad": 1e-7, "tolerance_change": 1e-9, "history_size": 100}
    yield "rosenbrock", "rosenbrock", [[-1.2], [1.0]], defaults, None
    yield "rosenbrock-short-history", "rosenbrock", [[-1.5], [2.0]], {**defaults, "lr": 0.5, "history_size": 3, "tolerance_change": 1e-12}, None
    yield "rosenbrock-max-eval", "rosenbrock", [[-1.2], [1.0]], {**defaults, "max_eval": 15}, None
    yield "rosenbrock-max-iter", "rosenbrock", [[-1.2], [1.0]], {**defaults, "max_iter": 7}, None
    yield "logistic", "logistic", [[[0.1, -0.1, 0.2]], [0.0]], {**defaults, "max_iter": 100}, data
    # Not from w = 0, b = 0: every z would be exactly 0, where autograd takes the derivative of
    # max(z, 0) as 1 and of |z| as 0, so the gradient of softplus written this way is wrong there.
    yield "logistic-history-2", "logistic", [[[-0.3, 0.2, 0.0]], [0.1]], {**defaults, "max_iter": 100, "history_size": 2, "tolerance_grad": 1e-9}, data


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "lbfgs_torch.json"
    X, y = logistic_data()
    losses = {"rosenbrock": rosenbrock, "logistic": logistic(X, y)}
    records = []
    for name, problem, x0, settings, data in cases():
        result = run(losses[problem], x0, settings)
        records.append({"name": name, "problem": problem, "x0": x0, "settings": settings, "data": data, **result})
        print(f"{name}: {result['iterations']} iterations, {result['func_evals']} evaluations, final loss {result['losses'][-1]:.17g}")
    with open(out, "w") as f:
        json.dump({"generator": "benchmarks/peers/lbfgs_torch.py", "torch": torch.__version__, "dtype": "float64", "cases": records}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
