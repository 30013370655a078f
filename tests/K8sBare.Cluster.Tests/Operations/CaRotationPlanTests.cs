using K8sBare.Cluster.Operations;
using K8sBare.Cluster.Rendering;
using K8sBare.Cluster.Tests.Support;
using K8sBare.Pki.Catalog;

namespace K8sBare.Cluster.Tests.Operations;

/// <summary>The CA rotation plan: trust both CAs everywhere before any leaf moves, drop the old one only after, each from the catalogue's placements.</summary>
public sealed class CaRotationPlanTests
{
    [Theory]
    [InlineData(CertificateAuthorityId.Cluster)]
    [InlineData(CertificateAuthorityId.Etcd)]
    [InlineData(CertificateAuthorityId.FrontProxy)]
    public void Orders_trust_then_leaves_then_removal_over_every_placed_file(CertificateAuthorityId authority)
    {
        var spec = SampleSpecs.Twenty();
        var plan = CaRotationPlanner.Plan(spec, authority);
        var catalog = ClusterPkiMapping.ToCatalog(spec);
        var ca = catalog.Entries.Single(e => e.Kind == CatalogEntryKind.CertificateAuthority && e.Authority == authority);

        Assert.Equal(Enumerable.Range(1, plan.Steps.Count), plan.Steps.Select(s => s.Order));
        var bundle = plan.Steps.Single(s => s.Title.StartsWith("place a bundle of old + new CA", StringComparison.Ordinal));
        var leaves = plan.Steps.Single(s => s.Title.StartsWith("re-issue every leaf", StringComparison.Ordinal));
        var drop = plan.Steps.Single(s => s.Title.StartsWith("place the new CA alone", StringComparison.Ordinal));
        Assert.True(bundle.Order < leaves.Order && leaves.Order < drop.Order);
        Assert.True(bundle.OneHostAtATime && leaves.OneHostAtATime && drop.OneHostAtATime);

        // Every file that holds the CA gets the bundle and later the new CA alone; every leaf file of the CA is re-issued.
        var caFiles = ca.Placements.Where(p => p.Kind == PlacedFileKind.Certificate).Select(p => $"{p.Host}:{p.Path}").Order(StringComparer.Ordinal);
        Assert.Equal(caFiles, bundle.Files.Order(StringComparer.Ordinal));
        Assert.Equal(caFiles, drop.Files.Order(StringComparer.Ordinal));
        var leafEntries = catalog.Entries.Where(e => e.Kind == CatalogEntryKind.Certificate && e.Issuer == authority).ToList();
        Assert.Equal(leafEntries.Select(e => e.Name), plan.Leaves);
        foreach (var p in leafEntries.SelectMany(e => e.Placements).Where(p => p.Kind is PlacedFileKind.Certificate or PlacedFileKind.Kubeconfig))
            Assert.Contains($"{p.Host}:{p.Path}", leaves.Files);
        // Control-plane hosts come first.
        Assert.Equal("master", bundle.Hosts[0]);
    }
}
