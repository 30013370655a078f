namespace K8sBare.Etcd;

/// <summary>Renders URLs as etcd expects them: scheme://host:port, no path, no trailing slash.</summary>
internal static class EtcdUrls
{
    public static string Render(Uri url) =>
        url.IsAbsoluteUri ? $"{url.Scheme}://{url.Authority}" : throw new ArgumentException($"'{url}' is not an absolute URL such as https://10.0.1.10:2380.");

    public static List<string> Render(IEnumerable<Uri> urls) => [.. urls.Select(Render)];

    public static bool SameAddress(Uri a, Uri b) => string.Equals(Render(a), Render(b), StringComparison.OrdinalIgnoreCase);
}
