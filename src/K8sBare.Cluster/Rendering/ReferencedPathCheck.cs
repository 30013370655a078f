using System.Text.RegularExpressions;
using K8sBare.Cluster.Artifacts;

namespace K8sBare.Cluster.Rendering;

/// <summary>
/// The render-time check that a host has every file its services need: each absolute path that a rendered unit,
/// OpenRC script or config file on a host names must be rendered for that host (file, folder, binary, or a folder
/// holding one of them), be created or installed by a service rendered on that host
/// (<see cref="ComponentDescriptor.ProvidedPaths"/>, the pid files and logs of OpenRC's supervisor), be a host fact
/// the render used (the kubelet's resolv.conf, CoreDNS's upstream resolv.conf), or be one of the few paths every host
/// of that init system has (<see cref="EveryHost"/>). Paths in the spec's pass-through arguments are the user's own
/// files and are not checked. A failure is a K8sBare bug (a component placed on a host without its credentials, as
/// CoreDNS on a dedicated control plane once was): rendering stops rather than hand out a service that cannot start.
/// </summary>
internal static partial class ReferencedPathCheck
{
    /// <summary>Paths every supported Linux host has, with the init system that brings them (null: every host).</summary>
    public static readonly IReadOnlyList<(string Path, InitSystem? Init)> EveryHost =
    [
        ("/dev/null", null),
        ("/proc", null),
        ("/sys", null),
        ("/bin/sh", null), // POSIX sh (Debian's dash): scripts and ExecStartPre shell lines.
        ("/sbin/ip", null), // iproute2: the static pod routes script (preflight's host facts read `ip` too).
        ("/sbin/modprobe", null), // kmod; the prepare phase loads the kernel modules with it.
        ("/sbin/openrc-run", InitSystem.OpenRc), // the interpreter of every OpenRC script.
    ];

    /// <summary>Throws when <see cref="Problems"/> finds any.</summary>
    /// <exception cref="InvalidOperationException">A rendered file references a path missing on its host.</exception>
    public static void Check(ClusterSpec spec, HostArtifacts host, IReadOnlyCollection<string> provided, IReadOnlyCollection<string>? secrets = null)
    {
        var problems = Problems(spec, host, provided, secrets);
        if (problems.Count > 0)
            throw new InvalidOperationException(
                $"K8sBare bug: on host '{host.Name}' a rendered file references a path that nothing places there; please report it.\n  "
                + string.Join("\n  ", problems));
    }

    /// <summary>Every reference on <paramref name="host"/> to a path that is not there, as "file: path".</summary>
    /// <param name="spec">The cluster (its pass-through arguments and non-path values such as flannel's etcd prefix).</param>
    /// <param name="host">The rendered host.</param>
    /// <param name="provided">Paths created or installed by the host's services, or host facts (see <see cref="HostArtifactsBuilder.Provided"/>).</param>
    /// <param name="secrets">Secret values rendered into files (the Secrets encryption key): never read as paths — base64 may
    /// start with '/' — and never shown in a problem.</param>
    public static IReadOnlyList<string> Problems(ClusterSpec spec, HostArtifacts host, IReadOnlyCollection<string> provided, IReadOnlyCollection<string>? secrets = null)
    {
        var placed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var p in host.Files.Select(f => f.Path).Concat(host.Directories.Select(d => d.Path)).Concat(host.Binaries.Select(b => b.HostPath)))
            for (var q = p; q.Length > 1; q = Parent(q))
                placed.Add(q);
        // Provided paths are read the way references are (a host fact such as a resolv.conf path may hold characters
        // that end a path token), so a declared path and its reference always agree.
        var trees = provided.SelectMany(Tokens).Concat(EveryHost.Where(e => e.Init is null || e.Init == host.Node.InitSystem).Select(e => e.Path))
            .Concat(Tokens(spec.Flannel.EtcdPrefix)) // an etcd key prefix, not a file
            .ToList();
        var userPaths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var args in spec.ExtraArgs.Values)
            foreach (var value in args?.Values ?? [])
                userPaths.UnionWith(Tokens(value ?? ""));

        var problems = new List<string>();
        foreach (var file in host.Files.Where(f => f.Kind is ArtifactKind.Service or ArtifactKind.Config or ArtifactKind.Host))
            foreach (var path in AbsolutePath().Matches(WithoutSecrets(file.Content, secrets)).Select(m => m.Value).Distinct(StringComparer.Ordinal))
            {
                if (placed.Contains(path) || userPaths.Contains(path)) continue;
                if (trees.Any(t => path == t || path.StartsWith(t.TrimEnd('/') + "/", StringComparison.Ordinal))) continue;
                problems.Add($"{file.Path} ({file.Component}): {path}");
            }
        return problems;
    }

    private static string WithoutSecrets(string content, IReadOnlyCollection<string>? secrets)
    {
        foreach (var secret in secrets ?? [])
            if (!string.IsNullOrEmpty(secret)) content = content.Replace(secret, "<secret>", StringComparison.Ordinal);
        return content;
    }

    private static IEnumerable<string> Tokens(string text) => AbsolutePath().Matches(text).Select(m => m.Value);

    private static string Parent(string path)
    {
        var i = path.LastIndexOf('/');
        return i <= 0 ? "/" : path[..i];
    }

    /// <summary>
    /// An absolute path token: a '/' that does not follow a word character, '.', ':', '/', '$', '@', '{' or '-' (so URLs,
    /// CIDR lengths, shell variables and flags are not paths), then path segments.
    /// </summary>
    [GeneratedRegex(@"(?<![\w.:/$@{}-])/[A-Za-z0-9._@+-]+(?:/[A-Za-z0-9._@+-]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex AbsolutePath();
}
