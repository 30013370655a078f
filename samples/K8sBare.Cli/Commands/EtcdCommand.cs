using System.CommandLine;
using K8sBare.Cli.Views;
using K8sBare.Cluster.Apply;
using K8sBare.Cluster.Operations;
using K8sBare.Cluster.Validation;
using Spectre.Console;

namespace K8sBare.Cli.Commands;

/// <summary><c>k8sbare etcd backup|restore</c>: snapshots with retention and checksums; restore onto new hosts or addresses.</summary>
internal static class EtcdCommand
{
    public static Command Create() => new("etcd", "etcd day-2 operations: backup, restore.") { Backup(), Restore() };

    private static Command Backup()
    {
        var topology = new TopologyOptions();
        var dir = new Option<DirectoryInfo>("--dir") { Description = "The local folder for snapshots (created 0700).", Required = true };
        var retain = new Option<int>("--retain") { Description = "Keep this many snapshots of the cluster (the oldest beyond are deleted).", DefaultValueFactory = _ => 7 };
        var planOnly = new Option<bool>("--plan") { Description = "Show what the backup would write and delete, and stop." };
        var command = new Command("backup", "Take an etcd snapshot into --dir (UTC-named, .sha256 beside it, mode 0600), verified, then apply retention.");
        topology.AddTo(command);
        command.Options.Add(dir);
        command.Options.Add(retain);
        command.Options.Add(planOnly);
        command.SetAction(CommandAction.Async(async (result, ct) =>
        {
            var spec = topology.Load(result);
            var options = new EtcdBackupOptions { Folder = result.GetValue(dir)!.FullName, Retain = result.GetValue(retain) };
            var plan = EtcdBackup.Plan(spec, options);
            AnsiConsole.WriteLine("Plan: " + plan);
            if (result.GetValue(planOnly)) return ExitCodes.Ok;
            var r = await new EtcdBackup().BackupAsync(spec, topology.PkiDirectory(result), options, ct);
            AnsiConsole.MarkupLine($"[green]Snapshot[/] {Markup.Escape(r.Snapshot.Path)} ({r.Snapshot.Size} bytes, sha256 {r.Snapshot.Sha256}) from {Markup.Escape(r.Endpoint.ToString())} in {r.Duration.TotalSeconds:0.0} s");
            foreach (var d in r.Deleted) AnsiConsole.MarkupLine($"deleted {Markup.Escape(d.Path)}");
            AnsiConsole.MarkupLine($"{r.Kept.Count} snapshot(s) kept.");
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Restore()
    {
        var topology = new TopologyOptions(ValidationOptions.ForApply);
        var ssh = new SshOptions();
        var snapshot = new Option<FileInfo>("--snapshot") { Description = "The snapshot file (its .sha256 file beside it).", Required = true };
        var replace = new Option<bool>("--replace-data") { Description = "Consent to replace etcd data already on a target host (moved aside, not deleted)." };
        var planOnly = new Option<bool>("--plan") { Description = "Verify the snapshot, show the steps, and stop." };
        var command = new Command("restore", "Restore etcd from a snapshot onto the topology's etcd hosts (new hosts or addresses): certificates re-issued, every member restored, then the cluster applied.");
        topology.AddTo(command);
        ssh.AddTo(command);
        command.Options.Add(snapshot);
        command.Options.Add(replace);
        command.Options.Add(planOnly);
        command.SetAction(CommandAction.Async(async (result, ct) =>
        {
            var spec = topology.Load(result);
            var options = new EtcdRestoreOptions
            {
                Snapshot = result.GetValue(snapshot)!.FullName,
                Apply = new ApplyOptions { PkiDirectory = topology.PkiDirectory(result) },
                ReplaceExistingData = result.GetValue(replace),
            };
            var plan = await EtcdRestore.PlanAsync(spec, options, ct);
            AnsiConsole.WriteLine(plan.ToString());
            if (result.GetValue(planOnly)) return ExitCodes.Ok;
            var r = await new EtcdRestore(ssh.Factory(result)).RestoreAsync(spec, options, ct);
            foreach (var (host, done) in r.Restored) AnsiConsole.MarkupLine($"{Markup.Escape(host)}: {(done ? "[green]restored[/]" : "already restored")}");
            foreach (var (host, path) in r.MovedAside) AnsiConsole.MarkupLine($"{Markup.Escape(host)}: old data moved to {Markup.Escape(path)}");
            ResultView.Apply(r.Started, "Restored and applied");
            return ExitCodes.Ok;
        }));
        return command;
    }
}
