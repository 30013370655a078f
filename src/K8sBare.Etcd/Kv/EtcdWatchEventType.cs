namespace K8sBare.Etcd;

/// <summary>What happened to a watched key.</summary>
public enum EtcdWatchEventType
{
    /// <summary>The key was created or changed.</summary>
    Put,
    /// <summary>The key was deleted.</summary>
    Delete,
}
