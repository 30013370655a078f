using K8sBare.Pki.Catalog;
using K8sBare.Pki.Generation;

namespace K8sBare.Cli.Commands;

/// <summary>
/// The PKI store as the read-only verbs (plan, status, node --plan) see it: a private copy in a temporary folder
/// (0700, deleted on dispose), so the certificates the SDK generates while planning — a new node's, or a whole CA
/// when there is none yet — never land in the operator's store. Read-only verbs never write.
/// </summary>
internal sealed class ReadOnlyPki : IDisposable
{
    private ReadOnlyPki(string store, string directory, bool hasCa)
    {
        Store = store;
        Directory = directory;
        HasCa = hasCa;
    }

    /// <summary>The operator's store (--pki-dir), never written.</summary>
    public string Store { get; }

    /// <summary>The folder to hand the SDK: a copy of <see cref="Store"/>.</summary>
    public string Directory { get; }

    /// <summary>Whether <see cref="Store"/> holds the cluster CA; when not, the copy starts empty and the plan's CA is a throwaway.</summary>
    public bool HasCa { get; }

    /// <summary>What a missing store means, and which verb creates it.</summary>
    public string MissingNote =>
        $"No PKI store with a cluster CA at {Store}: 'k8sbare apply' creates the CA there (or 'k8sbare render' for an offline one; --pki-dir names another store). Nothing was written to it.";

    /// <summary>Whether <paramref name="store"/> holds the cluster CA's certificate.</summary>
    /// <param name="store">The store folder.</param>
    public static bool HasClusterCa(string store) => File.Exists(new PkiStore(store).CertificatePath(CatalogEntryNames.ClusterCa));

    /// <summary>The refusal of a verb that needs the running cluster's CA when <paramref name="store"/> lacks it.</summary>
    /// <param name="store">The store folder.</param>
    public static RefusedException Missing(string store) => new(new ReadOnlyPki(store, store, false).MissingNote);

    /// <summary>Copies the store (when it exists) into a private temporary folder.</summary>
    /// <param name="store">The store folder.</param>
    /// <param name="caRequired">Refuse when the store has no cluster CA (the verb needs the running cluster's CA, e.g. to reach its API).</param>
    /// <exception cref="RefusedException"><paramref name="caRequired"/> and no CA in the store.</exception>
    public static ReadOnlyPki Open(string store, bool caRequired)
    {
        var hasCa = HasClusterCa(store);
        var copy = new ReadOnlyPki(store, System.IO.Directory.CreateTempSubdirectory("k8sbare-plan-pki-").FullName, hasCa);
        if (!hasCa && caRequired)
        {
            copy.Dispose();
            throw Missing(store);
        }

        try
        {
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(copy.Directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            if (System.IO.Directory.Exists(store)) CopyTree(store, copy.Directory);
            return copy;
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    // File.Copy keeps each file's mode on Unix (keys stay 0600); folders are made 0700.
    private static void CopyTree(string from, string to)
    {
        foreach (var dir in System.IO.Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(to, Path.GetRelativePath(from, dir));
            if (OperatingSystem.IsWindows()) System.IO.Directory.CreateDirectory(target);
            else System.IO.Directory.CreateDirectory(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
            File.Copy(file, Path.Combine(to, Path.GetRelativePath(from, file)));
    }

    /// <summary>Deletes the private copy.</summary>
    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temporary folder left behind is the OS's to clean; the operator's store was never touched.
        }
    }
}
