using BenchmarkDotNet.Running;

namespace NewsAlerts.Benchmarks;

/// <summary>
/// Runs the benchmarks named on the command line (BenchmarkDotNet's switcher: <c>--filter '*Matching*'</c>,
/// <c>--list flat</c>, <c>--job short</c>). Every benchmark class in this assembly is found, so each feature
/// adds its own folder of classes. Not run in CI: see the README for the commands and the last results.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
