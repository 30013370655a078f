using System.Text.Json.Serialization;

namespace K8sBare.Etcd;

/// <summary>Source-generated JSON for flannel's documents (Go's json is case-insensitive on read, so are we).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(FlannelNetworkConfig))]
[JsonSerializable(typeof(FlannelLeaseAttrsDto))]
internal sealed partial class FlannelJsonContext : JsonSerializerContext
{
}
