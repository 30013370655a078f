using System.Text.Json.Serialization;

namespace K8sBare.Pki.Inspection;

/// <summary>Source-generated JSON (snake_case, indented, enums as strings) for inspection results.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true,
    UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CertificateInfo))]
[JsonSerializable(typeof(IReadOnlyList<CertificateInfo>))]
[JsonSerializable(typeof(ExpiryEntry))]
[JsonSerializable(typeof(IReadOnlyList<ExpiryEntry>))]
[JsonSerializable(typeof(ChainVerificationResult))]
internal sealed partial class PkiJsonContext : JsonSerializerContext;
