using System.Text.Json.Nodes;
using System.Web;

namespace K8sBare.Cluster.Tests.Kubernetes;

/// <summary>
/// The slice of kube-apiserver behaviour the client uses, with upstream's shapes: version.Info, /readyz text,
/// NodeList/Node, strategic-merge patch of spec.unschedulable, Status objects for errors (NotFound,
/// AlreadyExists, Conflict, TooManyRequests for a PDB-blocked eviction), ConfigMap create/update with
/// resourceVersion checks, and server-side apply (which requires fieldManager, answers 201 on create and 200
/// otherwise, and — like the real server — bumps metadata.resourceVersion only when the applied configuration
/// changes the object; a repeated identical apply keeps it). GET on an applied object's path returns it.
/// </summary>
internal sealed class FakeKubeApi
{
    private readonly object _gate = new();
    private int _rv = 100;

    public Dictionary<string, JsonObject> Nodes { get; } = [];
    public Dictionary<string, JsonObject> ConfigMaps { get; } = []; // key ns/name
    public HashSet<string> Pods { get; } = [];                      // ns/name
    public HashSet<string> PdbProtectedPods { get; } = [];
    public Dictionary<string, string> Applied { get; } = [];        // path -> yaml last applied
    public Dictionary<string, JsonObject> AppliedObjects { get; } = []; // path -> the stored object's metadata
    public bool Ready { get; set; } = true;

    public void AddNode(string name, bool ready, string ip)
    {
        var i = Nodes.Count;
        var status = ready ? "True" : "Unknown";
        var json = "{\"kind\":\"Node\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"" + name + "\",\"uid\":\"" + Guid.NewGuid() + "\",\"resourceVersion\":\"" + Next()
            + "\",\"labels\":{\"kubernetes.io/hostname\":\"" + name + "\",\"kubernetes.io/os\":\"linux\"}},"
            + "\"spec\":{\"podCIDR\":\"10.200." + i + ".0/24\",\"podCIDRs\":[\"10.200." + i + ".0/24\"]},"
            + "\"status\":{\"conditions\":[{\"type\":\"MemoryPressure\",\"status\":\"False\"},{\"type\":\"Ready\",\"status\":\"" + status + "\",\"reason\":\"KubeletReady\"}],"
            + "\"addresses\":[{\"type\":\"InternalIP\",\"address\":\"" + ip + "\"},{\"type\":\"Hostname\",\"address\":\"" + name + "\"}],"
            + "\"nodeInfo\":{\"kubeletVersion\":\"v1.32.3\",\"containerRuntimeVersion\":\"containerd://1.7.24\"}}}";
        Nodes[name] = JsonNode.Parse(json)!.AsObject();
    }

    private string Next() => (++_rv).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public FakeResponse Handle(RecordedRequest r)
    {
        lock (_gate) return Route(r);
    }

    private FakeResponse Route(RecordedRequest r)
    {
        var seg = r.Path.Trim('/').Split('/').Select(HttpUtility.UrlDecode).ToArray();
        if (r.Method == "GET" && AppliedObjects.TryGetValue(r.Path, out var appliedObject))
            return new(200, appliedObject.ToJsonString());
        switch (r.Method, seg)
        {
            case ("GET", ["version"]):
                return new(200, """{"major":"1","minor":"32","gitVersion":"v1.32.3","gitCommit":"32cc146f75aad04beaaa245a7157eb35063a9f99","gitTreeState":"clean","buildDate":"2025-03-11T19:52:21Z","goVersion":"go1.23.6","compiler":"gc","platform":"linux/amd64"}""");
            case ("GET", ["readyz"]):
                return Ready
                    ? new(200, "[+]ping ok\n[+]log ok\n[+]etcd ok\n[+]etcd-readiness ok\n[+]informer-sync ok\n[+]poststarthook/rbac/bootstrap-roles ok\nreadyz check passed\n", "text/plain; charset=utf-8")
                    : new(500, "[+]ping ok\n[+]log ok\n[-]etcd failed: reason withheld\n[-]etcd-readiness failed: reason withheld\n[+]informer-sync ok\nreadyz check failed\n", "text/plain; charset=utf-8");
            case ("GET", ["api", "v1", "nodes"]):
                var list = new JsonObject { ["kind"] = "NodeList", ["apiVersion"] = "v1", ["metadata"] = new JsonObject { ["resourceVersion"] = _rv.ToString(System.Globalization.CultureInfo.InvariantCulture) } };
                var items = new JsonArray();
                foreach (var n in Nodes.Values) items.Add(n.DeepClone());
                list["items"] = items;
                return new(200, list.ToJsonString());
            case ("GET", ["api", "v1", "nodes", var name]):
                return Nodes.TryGetValue(name!, out var node) ? new(200, node.ToJsonString()) : NotFound("nodes", name!);
            case ("PATCH", ["api", "v1", "nodes", var name]):
                if (!Nodes.TryGetValue(name!, out var pn)) return NotFound("nodes", name!);
                if (r.ContentType != "application/strategic-merge-patch+json")
                    return FakeResponse.Failure(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
                var spec = JsonNode.Parse(r.Body)!["spec"]!.AsObject();
                var nodeSpec = pn["spec"]!.AsObject();
                if (spec["unschedulable"] is null) nodeSpec.Remove("unschedulable");
                else nodeSpec["unschedulable"] = spec["unschedulable"]!.GetValue<bool>();
                pn["metadata"]!["resourceVersion"] = Next();
                return new(200, pn.ToJsonString());
            case ("DELETE", ["api", "v1", "nodes", var name]):
                if (!Nodes.Remove(name!)) return NotFound("nodes", name!);
                return new(200, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\",\"details\":{\"name\":\"" + name + "\",\"kind\":\"nodes\",\"uid\":\"x\"}}");
            case ("POST", ["api", "v1", "namespaces", var ns, "pods", var name, "eviction"]):
                var body = JsonNode.Parse(r.Body)!;
                if ((string?)body["kind"] != "Eviction" || (string?)body["apiVersion"] != "policy/v1")
                    return FakeResponse.Failure(400, "BadRequest", "expected a policy/v1 Eviction");
                if (!Pods.Contains($"{ns}/{name}")) return NotFound("pods", name!);
                if (PdbProtectedPods.Contains($"{ns}/{name}"))
                    return FakeResponse.Failure(429, "TooManyRequests", "Cannot evict pod as it would violate the pod's disruption budget.");
                Pods.Remove($"{ns}/{name}");
                return new(201, """{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201}""");
            case ("GET", ["api", "v1", "namespaces", var ns, "configmaps", var name]):
                return ConfigMaps.TryGetValue($"{ns}/{name}", out var cm) ? new(200, cm.ToJsonString()) : NotFound("configmaps", name!);
            case ("POST", ["api", "v1", "namespaces", var ns, "configmaps"]):
            {
                var obj = JsonNode.Parse(r.Body)!.AsObject();
                var name = (string)obj["metadata"]!["name"]!;
                if (ConfigMaps.ContainsKey($"{ns}/{name}"))
                    return FakeResponse.Failure(409, "AlreadyExists", $"configmaps \\\"{name}\\\" already exists");
                obj["metadata"]!["resourceVersion"] = Next();
                obj["metadata"]!["namespace"] = ns;
                ConfigMaps[$"{ns}/{name}"] = obj;
                return new(201, obj.ToJsonString());
            }
            case ("PUT", ["api", "v1", "namespaces", var ns, "configmaps", var name]):
            {
                if (!ConfigMaps.TryGetValue($"{ns}/{name}", out var old)) return NotFound("configmaps", name!);
                var obj = JsonNode.Parse(r.Body)!.AsObject();
                if ((string?)obj["metadata"]!["resourceVersion"] != (string?)old["metadata"]!["resourceVersion"])
                    return FakeResponse.Failure(409, "Conflict", $"Operation cannot be fulfilled on configmaps \\\"{name}\\\": the object has been modified; please apply your changes to the latest version and try again");
                obj["metadata"]!["resourceVersion"] = Next();
                ConfigMaps[$"{ns}/{name}"] = obj;
                return new(200, obj.ToJsonString());
            }
            case ("PATCH", _) when r.ContentType == "application/apply-patch+yaml":
            {
                var q = HttpUtility.ParseQueryString(r.Query);
                if (string.IsNullOrEmpty(q["fieldManager"]))
                    return FakeResponse.Failure(422, "Invalid", "PatchOptions.meta.k8s.io \\\"\\\" is invalid: fieldManager: Required value: is required for apply patch");
                var created = !AppliedObjects.TryGetValue(r.Path, out var stored);
                // Same manager, same configuration: the merged object is identical, so the server stores nothing and
                // keeps the resourceVersion. (The real server compares the merged objects; the configuration text
                // stands in for it here.)
                var changed = created || !string.Equals(Normalize(Applied[r.Path]), Normalize(r.Body), StringComparison.Ordinal);
                Applied[r.Path] = r.Body;
                if (changed)
                {
                    stored = new JsonObject
                    {
                        ["metadata"] = new JsonObject
                        {
                            ["name"] = seg[^1],
                            ["uid"] = created ? Guid.NewGuid().ToString() : (string?)stored!["metadata"]!["uid"],
                            ["resourceVersion"] = Next(),
                        },
                    };
                    AppliedObjects[r.Path] = stored;
                }
                return new(created ? 201 : 200, stored!.ToJsonString());
            }
            default:
                return FakeResponse.Failure(404, "NotFound", "the server could not find the requested resource");
        }
    }

    private static string Normalize(string yaml) =>
        string.Join('\n', yaml.Replace("\r", "", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0));

    private static FakeResponse NotFound(string resource, string name) =>
        FakeResponse.Failure(404, "NotFound", $"{resource} \\\"{name}\\\" not found");
}
