// Integration tests start real etcd clusters with 50 ms heartbeats: on a 2-core machine, running several
// clusters at once makes elections flap. The whole project runs in well under a minute sequentially.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
