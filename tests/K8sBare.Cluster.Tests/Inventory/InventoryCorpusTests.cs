using K8sBare.Cluster.Inventory;
using K8sBare.Cluster.Validation;

namespace K8sBare.Cluster.Tests.Inventory;

public sealed class InventoryCorpusTests
{
    public static IEnumerable<object[]> Cases => InventoryCorpus.All.Select(c => new object[] { c.Name });

    [Fact]
    public void The_base_inventory_is_valid()
    {
        var spec = InventoryLoader.Parse(InventoryCorpus.Nodes);
        Assert.True(spec.Validate(ValidationOptions.ForRender).IsValid, spec.Validate(ValidationOptions.ForRender).ToString());
    }

    [Fact]
    public void The_builder_and_YAML_corpora_together_hold_at_least_150_distinct_inputs()
    {
        Assert.Equal(InventoryCorpus.All.Count, InventoryCorpus.All.Select(c => c.Name).Distinct().Count());
        Assert.True(InventoryCorpus.All.Count + Validation.InvalidTopologyCorpus.All.Count >= 150);
        Assert.True(InventoryCorpus.All.Count >= 40, $"only {InventoryCorpus.All.Count} YAML cases");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Malformed_inventory_is_refused_by_its_rule_naming_the_key_path(string name)
    {
        var c = InventoryCorpus.All.Single(x => x.Name == name);
        IReadOnlyList<(string Path, string Code, int Line, string Text)> found;
        try
        {
            var spec = InventoryLoader.Parse(c.Yaml);
            var report = spec.Validate(ValidationOptions.ForRender);
            found = report.Errors.Select(e => (e.Field, e.Code, 0, e.ToString())).ToList();
        }
        catch (InventoryException e)
        {
            found = e.Details.Select(d => (d.Path, d.Code, d.Line, d.ToString())).ToList();
            // In the inventory's words: never a .NET type or assembly name.
            Assert.DoesNotContain("K8sBare.Cluster", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Document", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("System.", e.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("Int32", e.Message, StringComparison.Ordinal);
        }

        var hit = found.FirstOrDefault(f => f.Path == c.Path && f.Code == c.Code);
        Assert.True(hit.Text is not null, $"'{name}': no '{c.Code}' problem at '{c.Path}'; got:\n{string.Join("\n", found.Select(f => f.Text))}");
        if (c.Line > 0) Assert.Equal(c.Line, hit.Line);
    }
}
