using System.Text.Json.Serialization;

namespace K8sBare.Etcd.Protocol;

/// <summary>
/// Source-generated serializers for the v3 JSON gateway. 64-bit numbers travel as JSON strings; unset
/// (default) fields are omitted from requests, as the gateway omits them from responses.
/// </summary>
[JsonSourceGenerationOptions(
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.WriteAsString,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(RangeRequestDto))]
[JsonSerializable(typeof(RangeResponseDto))]
[JsonSerializable(typeof(PutRequestDto))]
[JsonSerializable(typeof(PutResponseDto))]
[JsonSerializable(typeof(DeleteRangeRequestDto))]
[JsonSerializable(typeof(DeleteRangeResponseDto))]
[JsonSerializable(typeof(TxnRequestDto))]
[JsonSerializable(typeof(TxnResponseDto))]
[JsonSerializable(typeof(LeaseDto))]
[JsonSerializable(typeof(LeaseEnvelopeDto))]
[JsonSerializable(typeof(MemberRequestDto))]
[JsonSerializable(typeof(MemberResponseDto))]
[JsonSerializable(typeof(StatusResponseDto))]
[JsonSerializable(typeof(AlarmRequestDto))]
[JsonSerializable(typeof(AlarmResponseDto))]
[JsonSerializable(typeof(EmptyDto))]
[JsonSerializable(typeof(ErrorDto))]
[JsonSerializable(typeof(HealthDto))]
[JsonSerializable(typeof(VersionDto))]
[JsonSerializable(typeof(SnapshotEnvelopeDto))]
[JsonSerializable(typeof(WatchRequestDto))]
[JsonSerializable(typeof(WatchEnvelopeDto))]
internal sealed partial class EtcdJsonContext : JsonSerializerContext
{
}
