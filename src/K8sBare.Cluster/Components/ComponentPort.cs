namespace K8sBare.Cluster;

/// <summary>A port a component listens on by default.</summary>
/// <param name="Name">What it serves (<c>client</c>, <c>peer</c>, <c>https</c>, <c>dns</c>).</param>
/// <param name="Number">The port number.</param>
/// <param name="Protocol"><c>tcp</c> or <c>udp</c>.</param>
public sealed record ComponentPort(string Name, int Number, string Protocol = "tcp");
