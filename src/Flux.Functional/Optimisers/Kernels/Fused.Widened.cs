namespace Flux.Kernels;

// A formula in double over float32 lanes: each half of the eight floats is widened exactly, the
// formula runs in double, and every output is rounded once to float. For the rules whose float32
// step is kept within half a float ulp of its double value rather than computed in float (see
// Fused.TwoSlotsInDouble); the slots are flushed as floats afterwards, like every other float
// slot. Only the slot counts a rule needs exist (the schedule-free rules: two and three).
internal readonly struct Widened2<F>(F f) : IFormula2<float> where F : struct, IFormula2<double>
{
    public void Apply(Vector256<float> p, Vector256<float> g, Vector256<float> a, Vector256<float> b,
        out Vector256<float> o, out Vector256<float> a2, out Vector256<float> b2)
    {
        var ((pl, pu), (gl, gu), (al, au), (bl, bu)) = (Vector256.Widen(p), Vector256.Widen(g), Vector256.Widen(a), Vector256.Widen(b));
        f.Apply(pl, gl, al, bl, out var ol, out var al2, out var bl2);
        f.Apply(pu, gu, au, bu, out var ou, out var au2, out var bu2);
        (o, a2, b2) = (Vector256.Narrow(ol, ou), Vector256.Narrow(al2, au2), Vector256.Narrow(bl2, bu2));
    }
}

internal readonly struct Widened3<F>(F f) : IFormula3<float> where F : struct, IFormula3<double>
{
    public void Apply(Vector256<float> p, Vector256<float> g, Vector256<float> a, Vector256<float> b, Vector256<float> c,
        out Vector256<float> o, out Vector256<float> a2, out Vector256<float> b2, out Vector256<float> c2)
    {
        var ((pl, pu), (gl, gu)) = (Vector256.Widen(p), Vector256.Widen(g));
        var ((al, au), (bl, bu), (cl, cu)) = (Vector256.Widen(a), Vector256.Widen(b), Vector256.Widen(c));
        f.Apply(pl, gl, al, bl, cl, out var ol, out var al2, out var bl2, out var cl2);
        f.Apply(pu, gu, au, bu, cu, out var ou, out var au2, out var bu2, out var cu2);
        (o, a2, b2, c2) = (Vector256.Narrow(ol, ou), Vector256.Narrow(al2, au2), Vector256.Narrow(bl2, bu2), Vector256.Narrow(cl2, cu2));
    }
}
