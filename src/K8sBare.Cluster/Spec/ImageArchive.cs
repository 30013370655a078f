namespace K8sBare.Cluster;

/// <summary>
/// A container image tarball on this machine (docker-archive or OCI layout, as <c>docker save</c>, <c>podman save</c>
/// or <c>skopeo copy … docker-archive:</c> write it) to import into containerd on every worker, for clusters without
/// a registry (air-gapped bare metal: the pause image at least).
/// </summary>
/// <param name="LocalPath">The tarball on this machine.</param>
/// <param name="Images">The image references it holds (e.g. <c>registry.k8s.io/pause:3.2</c>); after the import
/// each must be listed by containerd, or the apply fails naming it.</param>
public sealed record ImageArchive(string LocalPath, IReadOnlyList<string> Images);
