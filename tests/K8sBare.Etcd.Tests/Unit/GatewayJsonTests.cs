using System.Text.Json;
using K8sBare.Etcd.Protocol;

namespace K8sBare.Etcd.Tests.Unit;

/// <summary>Reading both the proto names etcd emits and the camelCase JSON names; writing 64-bit numbers as strings.</summary>
public sealed class GatewayJsonTests
{
    // Verbatim from etcd 3.4.23's gateway.
    private const string Range34 = """{"header":{"cluster_id":"18356651462332683079","member_id":"15605283837629904139","revision":"2","raft_term":"2"},"kvs":[{"key":"Zm9v","create_revision":"2","mod_revision":"2","version":"1","value":"YmFy"}],"count":"1"}""";
    private const string RangeCamel = """{"header":{"clusterId":"18356651462332683079","memberId":"15605283837629904139","revision":"2","raftTerm":"2"},"kvs":[{"key":"Zm9v","createRevision":"2","modRevision":"2","version":"1","value":"YmFy"}],"count":"1"}""";

    [Theory]
    [InlineData(Range34)]
    [InlineData(RangeCamel)]
    public void Range_responses_are_read_with_either_naming(string json)
    {
        var r = JsonSerializer.Deserialize(json, EtcdJsonContext.Default.RangeResponseDto)!;
        Assert.Equal(18356651462332683079UL, r.Header!.ClusterId);
        Assert.Equal(15605283837629904139UL, r.Header.MemberId);
        Assert.Equal(2UL, r.Header.RaftTerm);
        var kv = EtcdMapper.ToKeyValue(r.Kvs![0]);
        Assert.Equal(("foo", "bar", 2L, 2L, 1L), (kv.Key, kv.Value, kv.CreateRevision, kv.ModRevision, kv.Version));
    }

    [Fact]
    public void Status_and_members_are_read_from_etcd_34_output()
    {
        const string status = """{"header":{"member_id":"15605283837629904139"},"version":"3.4.23","dbSize":"20480","leader":"15605283837629904139","raftIndex":"6","raftTerm":"2","raftAppliedIndex":"6","errors":["etcdserver: no leader"],"dbSizeInUse":"16384"}""";
        var s = EtcdMapper.ToStatus(new Uri("https://127.0.0.1:2379"), JsonSerializer.Deserialize(status, EtcdJsonContext.Default.StatusResponseDto)!);
        Assert.True(s.IsLeader);
        Assert.Equal((20480L, 16384L, 6UL), (s.DbSize, s.DbSizeInUse, s.RaftIndex));
        Assert.Equal(["etcdserver: no leader"], s.Errors);

        const string members = """{"members":[{"ID":"5929894359517716172","peerURLs":["https://127.0.0.1:23801"],"isLearner":true},{"ID":"15605283837629904139","name":"a","peer_urls":["https://127.0.0.1:23800"],"client_urls":["https://127.0.0.1:23790"]}]}""";
        var list = EtcdMapper.ToMembers(JsonSerializer.Deserialize(members, EtcdJsonContext.Default.MemberResponseDto)!.Members);
        Assert.True(list[0].IsLearner);
        Assert.False(list[0].IsStarted);
        Assert.Equal("https://127.0.0.1:23800", list[1].PeerUrls[0].OriginalString);
        Assert.Equal("https://127.0.0.1:23790", list[1].ClientUrls[0].OriginalString);
    }

    [Fact]
    public void Requests_write_ids_as_strings_and_omit_unset_fields()
    {
        var json = JsonSerializer.Serialize(new MemberRequestDto { Id = 15605283837629904139UL }, EtcdJsonContext.Default.MemberRequestDto);
        Assert.Equal("""{"ID":"15605283837629904139"}""", json);
        Assert.Equal("""{"key":"Zm9v"}""", JsonSerializer.Serialize(new RangeRequestDto { Key = "Zm9v" }, EtcdJsonContext.Default.RangeRequestDto));
        // A "key must not exist" compare keeps create_revision 0 explicitly.
        var cmp = JsonSerializer.Serialize(new CompareDto { Key = "Zm9v", Result = "EQUAL", Target = "CREATE", CreateRevision = 0 }, EtcdJsonContext.Default.CompareDto);
        Assert.Equal("""{"key":"Zm9v","result":"EQUAL","target":"CREATE","create_revision":"0"}""", cmp);
    }

    [Fact]
    public void Gateway_errors_become_typed_exceptions()
    {
        var body = """{"error":"etcdserver: member not found","message":"etcdserver: member not found","code":5}"""u8.ToArray();
        var ex = EtcdTransport.ToException(new Uri("https://127.0.0.1:2379"), "/v3/cluster/member/remove", System.Net.HttpStatusCode.NotFound, body);
        Assert.Equal(EtcdStatusCode.NotFound, ex.Code);
        Assert.Equal("etcdserver: member not found", ex.EtcdMessage);
        Assert.Contains("/v3/cluster/member/remove", ex.Message);
        Assert.Contains("127.0.0.1:2379", ex.Message);
    }

    [Fact]
    public void Health_is_read_in_both_34_and_35_shapes()
    {
        Assert.True(JsonSerializer.Deserialize("""{"health":"true"}""", EtcdJsonContext.Default.HealthDto)!.IsHealthy);
        Assert.True(JsonSerializer.Deserialize("""{"health":"true","reason":""}""", EtcdJsonContext.Default.HealthDto)!.IsHealthy);
        Assert.False(JsonSerializer.Deserialize("""{"health":"false","reason":"RAFT NO LEADER"}""", EtcdJsonContext.Default.HealthDto)!.IsHealthy);
    }
}
