using BenchmarkDotNet.Running;

if (K8sBare.Benchmarks.Pki.PkiGenCommand.TryRun(args, out var pkiGenExit)) return pkiGenExit;
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
