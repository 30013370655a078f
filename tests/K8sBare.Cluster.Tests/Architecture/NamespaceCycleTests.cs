using System.Reflection;

namespace K8sBare.Cluster.Tests.Architecture;

/// <summary>
/// "No namespace cycles" (issue 11): within each src assembly, namespaces form a layered graph — no namespace
/// depends (through any type signature or method body) on a namespace that depends back on it.
/// </summary>
public sealed class NamespaceCycleTests
{
    public static TheoryData<string> SrcAssemblies => new()
    {
        "K8sBare.Pki", "K8sBare.Units", "K8sBare.Remote", "K8sBare.Etcd", "K8sBare.Cluster",
    };

    [Theory]
    [MemberData(nameof(SrcAssemblies))]
    public void Namespaces_of_each_src_assembly_form_no_cycle(string assemblyName)
    {
        var graph = NamespaceGraph.Of(Assembly.Load(assemblyName));

        Assert.True(graph.Unresolved.Count == 0, "IL tokens not resolved:\n" + string.Join("\n", graph.Unresolved));
        var cycles = graph.Cycles();
        Assert.True(cycles.Count == 0, $"{assemblyName} has namespace cycles:\n" + string.Join("\n", cycles));
    }

    [Fact]
    public void The_scan_sees_references_from_signatures_and_from_method_bodies()
    {
        // Cluster's Apply namespace uses the spec (root namespace) in signatures, and Rendering from bodies:
        // the scan must find both kinds, or an empty graph would pass the cycle test vacuously.
        var graph = NamespaceGraph.Of(Assembly.Load("K8sBare.Cluster"));

        Assert.Contains("K8sBare.Cluster", graph.Edges["K8sBare.Cluster.Apply"].Keys);
        Assert.Contains("K8sBare.Cluster.Rendering", graph.Edges["K8sBare.Cluster.Apply"].Keys);
        Assert.True(graph.Edges.Sum(e => e.Value.Count) > 10, "too few namespace edges found");
    }

    [Fact]
    public void The_cycle_search_reports_a_cycle_with_its_path_and_accepts_a_layered_graph()
    {
        var cyclic = NamespaceGraph.FromEdges(("A", "B"), ("B", "C"), ("C", "A"), ("C", "D"));
        var cycle = Assert.Single(cyclic.Cycles());
        Assert.Contains("A -> B", cycle);
        Assert.Contains("B -> C", cycle);
        Assert.Contains("C -> A", cycle);
        Assert.DoesNotContain("-> D", cycle);

        var layered = NamespaceGraph.FromEdges(("A", "B"), ("B", "C"), ("A", "C"));
        Assert.Empty(layered.Cycles());
    }
}
