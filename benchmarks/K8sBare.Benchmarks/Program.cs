using BenchmarkDotNet.Running;

if (K8sBare.Benchmarks.Pki.PkiGenCommand.TryRun(args, out var pkiGenExit)) return pkiGenExit;
if (K8sBare.Benchmarks.Cluster.PlanCpuCommand.TryRun(args, out var planCpuExit)) return planCpuExit;
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
