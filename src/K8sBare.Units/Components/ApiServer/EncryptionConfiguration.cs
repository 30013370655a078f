using K8sBare.Units.Formats;
using K8sBare.Units.Validation;

namespace K8sBare.Units.Components;

/// <summary>
/// <c>apiserver.config.k8s.io/v1</c> EncryptionConfiguration for secrets at rest (aescbc with one key, identity fallback).
/// The key is secret: the file is rendered 0600 and the key never appears in exception messages.
/// </summary>
public sealed record EncryptionConfiguration
{
    /// <summary>Default path, passed to <see cref="KubeApiServerOptions.EncryptionProviderConfig"/>.</summary>
    public const string DefaultPath = "/var/lib/kubernetes/encryption-config.yaml";

    /// <summary>Key name.</summary>
    public string KeyName { get; init; } = "key1";

    /// <summary>Base64 of a 32-byte AES key (e.g. <c>head -c 32 /dev/urandom | base64</c>).</summary>
    public required string SecretBase64 { get; init; }

    /// <summary>Resources to encrypt.</summary>
    public IReadOnlyList<string> Resources { get; init; } = ["secrets"];

    /// <summary>Where the file goes.</summary>
    public string Path { get; init; } = DefaultPath;

    /// <summary>Problems (the key's value is never echoed).</summary>
    public IReadOnlyList<OptionProblem> Validate()
    {
        var v = new ProblemList(nameof(EncryptionConfiguration));
        v.NotEmpty(nameof(KeyName), KeyName);
        v.AbsolutePath(nameof(Path), Path);
        if (Resources.Count == 0) v.Add(nameof(Resources), "is empty; list at least \"secrets\".");
        var bytes = new byte[64];
        if (!Convert.TryFromBase64String(SecretBase64 ?? "", bytes, out var n) || n is not (16 or 24 or 32))
            v.Add(nameof(SecretBase64), "must be base64 of a 16, 24 or 32 byte AES key (value not shown); generate one with: head -c 32 /dev/urandom | base64.");
        return v.Problems;
    }

    /// <summary>Renders the file (mode 0600).</summary>
    public RenderedFile Render()
    {
        UnitsException.ThrowIfAny(Validate());
        var doc = new YamlMap
        {
            { "apiVersion", "apiserver.config.k8s.io/v1" },
            { "kind", "EncryptionConfiguration" },
            {
                "resources", new[]
                {
                    new YamlMap
                    {
                        { "resources", Resources },
                        {
                            "providers", new[]
                            {
                                new YamlMap { { "aescbc", new YamlMap { { "keys", new[] { new YamlMap { { "name", KeyName }, { "secret", SecretBase64 } } } } } } },
                                new YamlMap { { "identity", new YamlMap() } },
                            }
                        },
                    },
                }
            },
        };
        return new RenderedFile(Path, doc.Render(), RenderedFile.SecretMode);
    }
}
