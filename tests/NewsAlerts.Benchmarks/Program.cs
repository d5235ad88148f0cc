using BenchmarkDotNet.Running;

// Every benchmark class in this assembly is available; pick with --filter, e.g. --filter '*Summarizer*'.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
