using System.Collections.Immutable;
using Xunit;
using static Flux.Optimisers;

namespace Flux.Tests.Optimisation;

/// <summary>A partition's groups are children keyed by their labels, not labels encoded as scalars.</summary>
public class KeyedStateTests
{
    private static Chain Model() => new([Layers.Dense(3, 4, seed: 1), Layers.Dense(4, 2, seed: 2)]);

    private static Grads Ones(Params ps) => Grads.Of(ps.Select(p => new KeyValuePair<Param, Tensor>(p, Tensor.Fill(1.0, p.Shape))));

    [Fact]
    public void A_partitions_node_holds_one_child_per_group_keyed_by_its_label()
    {
        var model = Model();
        var opt = PerLayer(model, ADAM(), SGD());
        var (state, _) = opt.Step(opt.Init(model), model, Ones(model.Params()));
        var node = state.ToNode();
        Assert.Empty(node.Scalars);
        Assert.Equal("0,1", string.Join(",", node.Children.Select(c => c.Key)));
        Assert.Equal(["ADAM", "SGD"], node.Children.Select(c => c.Kind).ToArray());
        Assert.Equal(state.ToNode(), opt.Restore(node).ToNode());
        Assert.StartsWith("Partition (step 1, 0 slots)\n  [0] ADAM (step 1, 4 slots)\n  [1] SGD", state.ToString());
    }

    [Fact]
    public void A_node_written_with_labels_as_scalars_still_restores()
    {
        var model = Model();
        var opt = PerLayer(model, ADAM(), SGD());
        var (state, _) = opt.Step(opt.Init(model), model, Ones(model.Params()));
        var keyed = state.ToNode();
        var legacy = keyed with
        {
            Scalars = ImmutableDictionary<string, double>.Empty.Add("0", 0).Add("1", 1),
            Children = [.. keyed.Children.Select(c => c with { Key = null })],
        };
        Assert.Equal(keyed, opt.Restore(legacy).ToNode());
    }

    [Fact]
    public void A_child_keyed_with_another_label_is_refused_naming_the_keys()
    {
        var model = Model();
        var opt = PerLayer(model, ADAM(), SGD());
        var node = opt.Init(model).ToNode();
        var wrong = node with { Children = [node.Children[0], node.Children[1] with { Key = "head" }] };
        var e = Assert.Throws<ArgumentException>(() => opt.Restore(wrong));
        Assert.Contains("Partition.Restore: the node has no child keyed '1'; its children are '0', 'head'.", e.Message);
    }

    [Fact]
    public void A_checkpoint_keeps_the_keys_and_restores_the_partition_bit_for_bit()
    {
        var model = Model();
        var opt = PerLayer(model, ADAM(), SGD());
        var (state, next) = opt.Step(opt.Init(model), model, Ones(model.Params()));
        var path = Path.Combine(Path.GetTempPath(), $"flux-keyed-{Guid.NewGuid():N}.ckpt.json");
        try
        {
            Checkpoints.Save(path, next, state, 1);
            Assert.Contains("\"key\": \"1\"", File.ReadAllText(path));
            var loaded = Checkpoints.Load(path, next, opt);
            Assert.Equal(state.ToNode(), loaded.State!.ToNode());
        }
        finally { File.Delete(path); }
    }
}
