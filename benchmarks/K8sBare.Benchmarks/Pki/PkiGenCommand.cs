using System.Diagnostics;
using System.Globalization;
using K8sBare.Pki.Catalog;
using K8sBare.Pki.Generation;
using K8sBare.Pki.Keys;

namespace K8sBare.Benchmarks.Pki;

/// <summary>
/// <c>pki-gen OUTDIR rsa|ecdsa [warm-runs]</c>: writes the $20 cluster's PKI into OUTDIR (a fresh PKI store) and prints
/// the in-process time of that first (cold) run, then the median of warm runs into fresh folders. Used by
/// benchmarks/compare/pki-vs-cfssl-openssl.sh.
/// </summary>
public static class PkiGenCommand
{
    /// <summary>Runs the command when <paramref name="args"/> starts with <c>pki-gen</c>.</summary>
    public static bool TryRun(string[] args, out int exitCode)
    {
        exitCode = 0;
        if (args.Length == 0 || args[0] != "pki-gen") return false;
        if (args.Length < 3 || args[2] is not ("rsa" or "ecdsa"))
        {
            Console.Error.WriteLine("usage: pki-gen OUTDIR rsa|ecdsa [warm-runs]");
            exitCode = 2;
            return true;
        }
        var outDir = args[1];
        var alg = args[2] == "rsa" ? KeyAlgorithm.Rsa2048 : KeyAlgorithm.EcdsaP256;
        var warmRuns = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 0;
        var catalog = CertificateCatalog.For(PkiTopologies.TwentyDollar, new CertificateCatalogOptions { KeyAlgorithm = alg });

        var cold = Run(catalog, outDir);
        var warm = new List<double>();
        for (var i = 0; i < warmRuns; i++)
        {
            var dir = Path.Combine(Path.GetTempPath(), $"k8sbare-pki-gen-{Guid.NewGuid():N}");
            try { warm.Add(Run(catalog, dir)); }
            finally { Directory.Delete(dir, recursive: true); }
        }
        warm.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"k8sbare pki-gen {args[2]}: {catalog.Entries.Count} entries, cold {cold:F1} ms, warm median {(warm.Count > 0 ? warm[warm.Count / 2] : double.NaN):F1} ms ({warm.Count} runs)"));
        return true;
    }

    private static double Run(CertificateCatalog catalog, string dir)
    {
        var sw = Stopwatch.StartNew();
        using var pki = ClusterPkiGenerator.GenerateAsync(catalog, new PkiStore(dir)).GetAwaiter().GetResult();
        return sw.Elapsed.TotalMilliseconds;
    }
}
