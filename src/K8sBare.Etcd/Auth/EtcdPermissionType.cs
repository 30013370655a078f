namespace K8sBare.Etcd;

/// <summary>What a role may do on a key range (etcd's <c>authpb.Permission.Type</c>).</summary>
public enum EtcdPermissionType
{
    /// <summary>Read (range, watch).</summary>
    Read = 0,
    /// <summary>Write (put, delete).</summary>
    Write = 1,
    /// <summary>Read and write.</summary>
    ReadWrite = 2,
}
