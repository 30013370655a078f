<Query Kind="Program">
  <NuGetReference>K8sBare.Cluster</NuGetReference>
  <Namespace>K8sBare.Cluster</Namespace>
  <Namespace>K8sBare.Cluster.Apply</Namespace>
  <Namespace>K8sBare.Cluster.Planning</Namespace>
  <Namespace>K8sBare.Cluster.Rendering</Namespace>
  <Namespace>K8sBare.Cluster.Validation</Namespace>
</Query>

// The $20 cluster in LINQPad. Before the packages are on nuget.org, replace the NuGetReference above with
//   <Reference Relative="../../src/K8sBare.Cluster/bin/Release/net10.0/K8sBare.Cluster.dll" />
// after `dotnet build -c Release src/K8sBare.Cluster` (the four leaf DLLs sit next to it).
async Task Main()
{
	var spec = ClusterBuilder.Create("twenty")
		.WithSsh("~/.ssh/id_ed25519")
		.AddControlPlane("master", "10.0.0.10")
		.AddWorker("node-1", "10.0.0.11")
		.AddWorker("node-2", "10.0.0.12", n => n.UseOpenRc())
		.UseFlannel(FlannelBackend.Vxlan)
		.Build();

	// Every problem at once, with field and fix.
	spec.Validate(ValidationOptions.ForRender).Problems.Dump("Validation");

	// Render offline into a folder (OUT/<host>/<absolute path>), PKI store in OUT/.pki.
	var outDir = Path.Combine(Path.GetTempPath(), "k8sbare-linqpad");
	var rendered = await ClusterFolderRenderer.RenderToFolderAsync(spec, outDir);
	rendered.Artifacts.Hosts.Select(h => new { h.Name, h.Node.InitSystem, Files = h.Files.Count, Services = string.Join(", ", h.Services.Select(s => s.Name)) }).Dump("Hosts");
	rendered.Artifacts["node-2"].File("/etc/init.d/kubelet")!.Content.Dump("node-2: /etc/init.d/kubelet");

	// Plan against the rendered folder (a dry run): empty, since nothing changed.
	var plan = await new ClusterPlanner(new DirectoryConnectionFactory(outDir)).PlanAsync(spec, rendered.PkiDirectory);
	plan.ToTable().Dump("Plan");

	// Against real hosts: new ClusterApplier(new SshConnectionFactory()).ApplyAsync(spec, new ApplyOptions { PkiDirectory = rendered.PkiDirectory });
}
