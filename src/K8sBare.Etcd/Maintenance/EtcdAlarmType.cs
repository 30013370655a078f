namespace K8sBare.Etcd;

/// <summary>etcd alarm kinds.</summary>
public enum EtcdAlarmType
{
    /// <summary>No alarm.</summary>
    None,
    /// <summary>The space quota is exhausted: compact, defragment, then disarm.</summary>
    NoSpace,
    /// <summary>Data corruption was detected.</summary>
    Corrupt,
}
