namespace K8sBare.Etcd.Tests.Support;

/// <summary>Paths of a written <see cref="TestPki"/>.</summary>
internal sealed record TestPkiFiles(string Ca, string ServerCert, string ServerKey, string ClientCert, string ClientKey);
