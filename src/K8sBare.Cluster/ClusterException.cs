namespace K8sBare.Cluster;

/// <summary>
/// The base of every exception K8sBare.Cluster throws for a cluster problem (invalid spec or inventory, failed or
/// stale apply, API objects that could not be applied, nodes not ready, a drain that could not finish): catch this
/// one to handle them all. Argument errors stay <see cref="ArgumentException"/>.
/// </summary>
public abstract class ClusterException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and the fix.</param>
    /// <param name="innerException">The cause, or null.</param>
    protected ClusterException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
