using System.CommandLine;
using K8sBare.Cli.Commands;

var root = new RootCommand("k8sbare: build bare-metal/VPS Kubernetes clusters the hard way, in code.")
{
    RenderCommand.Create(),
    PlanCommand.Create(),
    ApplyCommand.Create(),
    StatusCommand.Create(),
    CertsCommand.Create(),
    EtcdCommand.Create(),
    ResetCommand.Create(),
    UpgradeCommand.Create(),
    ValidateCommand.Create(),
    NodeCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
