using System.CommandLine;
using K8sBare.Cli;
using K8sBare.Cli.Commands;

var root = new RootCommand("k8sbare: build bare-metal/VPS Kubernetes clusters the hard way, in code.\n" + ExitCodes.Help)
{
    RenderCommand.Create(),
    PlanCommand.Create(),
    ApplyCommand.Create(),
    StatusCommand.Create(),
    CertsCommand.Create(),
    EtcdCommand.Create(),
    ResetCommand.Create(),
    UpgradeCommand.Create(),
    UpgradeCommand.Run(),
    ValidateCommand.Create(),
    NodeCommand.Create(),
};
var parsed = root.Parse(args);
if (parsed.Errors.Count > 0)
{
    // Bad command lines are refusals like bad inventories (System.CommandLine's own code would be 1, "failed").
    foreach (var e in parsed.Errors) Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine($"See '{string.Join(' ', parsed.CommandResult.Command.Name == root.Name ? ["k8sbare"] : new[] { "k8sbare", parsed.CommandResult.Command.Name })} --help'.");
    return ExitCodes.Refused;
}

return await parsed.InvokeAsync();
