using NewsAlerts.Cli;
using NewsAlerts.Cli.Hosting;

namespace NewsAlerts.Testing;

/// <summary>Runs <c>newsalerts</c> in process, as a user would from a shell, and captures what it prints.</summary>
public static class CliRunner
{
    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> configuration, params string[] args) =>
        await RunAsync(configuration, Directory.CreateTempSubdirectory("newsalerts-cli-").FullName, CancellationToken.None, args);

    public static async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string?> configuration, string contentRoot, CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = CliContext.Plain(output, error) with { Configuration = configuration, ContentRoot = contentRoot };
        var code = await NewsAlertsCli.RunAsync(args, context, cancellationToken);
        return new CliResult(code, output.ToString(), error.ToString());
    }
}

public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Output}\n--- stderr ---\n{Error}";
}
