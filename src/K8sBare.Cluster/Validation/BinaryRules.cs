namespace K8sBare.Cluster.Validation;

/// <summary>Rules on binary sources.</summary>
internal static class BinaryRules
{
    public static void Check(ClusterSpec spec, ValidationOptions options, ProblemCollector p)
    {
        foreach (var (name, source) in spec.Binaries.OrderBy(b => b.Key, StringComparer.Ordinal))
        {
            var at = $"binaries.{name}";
            if (KnownBinaries.Find(name) is null)
            {
                p.Error(ProblemCodes.BinaryUnknown, at, $"Unknown binary '{name}'.", $"Use one of {string.Join(", ", KnownBinaries.All.Select(b => b.Name))}.");
                continue;
            }

            if (source is null)
            {
                p.Error(ProblemCodes.Missing, at, "The binary source is null.", "Remove the entry or give a file, url+sha256 or onHost source.");
                continue;
            }

            var shaOk = source.Sha256 is null || (source.Sha256.Length == 64 && source.Sha256.All(char.IsAsciiHexDigit));
            if (!shaOk)
                p.Error(ProblemCodes.Sha256Invalid, $"{at}.sha256", $"'{source.Sha256}' is not a sha256 (64 hex digits).", "Copy the sha256 from the release's checksum file.");

            switch (source.Kind)
            {
                case BinarySourceKind.OnHost:
                    if (source.HostPath is not null && (!source.HostPath.StartsWith('/') || source.HostPath.Split('/').Contains("..") || source.HostPath.Any(char.IsControl)))
                        p.Error(ProblemCodes.PathNotAbsolute, $"{at}.onHost", $"'{source.HostPath}' is not an absolute path.", "Use an absolute path on the host, e.g. /usr/bin/containerd.");
                    break;
                case BinarySourceKind.LocalFile:
                    if (string.IsNullOrWhiteSpace(source.LocalPath))
                        p.Error(ProblemCodes.Missing, $"{at}.file", "The local file source has no path.", "Set the path of the binary on this machine.");
                    else if (options.CheckLocalFiles && !File.Exists(NodeRules.ExpandHome(source.LocalPath)))
                        p.Error(ProblemCodes.LocalFileMissing, $"{at}.file", $"The local file '{source.LocalPath}' does not exist.", "Point it at an existing binary on this machine.");
                    break;
                case BinarySourceKind.Url:
                    if (!Uri.TryCreate(source.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
                        p.Error(ProblemCodes.UrlInvalid, $"{at}.url", $"'{source.Url}' is not an http(s) URL.", "Use the release download URL, e.g. https://dl.k8s.io/v1.32.3/bin/linux/amd64/kubelet.");
                    if (source.Sha256 is null)
                        p.Error(ProblemCodes.Sha256Invalid, $"{at}.sha256", "A URL source has no sha256; downloads are verified before they reach a host.", "Add the sha256 from the release's checksum file.");
                    break;
                default:
                    p.Error(ProblemCodes.UnknownValue, at, $"Unknown binary source kind {(int)source.Kind}.", "Use file, url or onHost.");
                    break;
            }
        }
    }
}
