using System.CommandLine;
using System.Net.Http;
using System.Net.Sockets;
using Azure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewsAlerts.Cli.Local;
using NewsAlerts.Watchlists;

namespace NewsAlerts.Cli.Hosting;

/// <summary>
/// Runs a command's body in a started <see cref="CliHost"/> and turns every failure a user can meet into
/// one line on stderr and a meaningful exit code. Stack traces appear only with <c>--verbose</c>.
/// </summary>
internal static class CommandRunner
{
    /// <summary>Shows log lines and stack traces on stderr; on every command.</summary>
    public static Option<bool> Verbose { get; } = new("--verbose", "-v")
    {
        Description = "Show log lines and error details on stderr",
        Recursive = true,
    };

    public static Func<ParseResult, CancellationToken, Task<int>> WithHost(
        CliContext cli,
        Func<ParseResult, CliHost, CancellationToken, Task<int>> body,
        LogLevel logLevel = LogLevel.Warning,
        Func<ParseResult, IReadOnlyDictionary<string, string?>>? overrides = null,
        CliStorage storage = CliStorage.ConfiguredOrPrivate,
        Action<IServiceCollection>? services = null) =>
        async (parseResult, cancellationToken) =>
        {
            var verbose = parseResult.GetValue(Verbose);
            var settings = new CliHostSettings(verbose ? LogLevel.Debug : logLevel, overrides?.Invoke(parseResult) ?? new Dictionary<string, string?>(), storage, services);
            return await RunAsync(cli, verbose, async () =>
            {
                await using var host = await CliHost.StartAsync(cli, settings, cancellationToken);
                return await body(parseResult, host, cancellationToken);
            }, cancellationToken);
        };

    public static async Task<int> RunAsync(CliContext cli, bool verbose, Func<Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body();
        }
        catch (Exception ex) when (cancellationToken.IsCancellationRequested)
        {
            // Whatever failed after a stop was asked for was cut off by it (Ctrl+C reaches a private Azurite too);
            // the work left undone is picked up by the next run.
            cli.Error.WriteLine("Stopped.");
            if (verbose && ex is not OperationCanceledException)
            {
                cli.Error.WriteLine(ex.ToString());
            }

            return ExitCodes.Cancelled;
        }
        catch (Exception ex) when (Describe(ex) is { } failure)
        {
            cli.Error.WriteLine($"error: {failure.Message}");
            if (verbose)
            {
                cli.Error.WriteLine(ex.ToString());
            }

            return failure.ExitCode;
        }
    }

    private static (int ExitCode, string Message)? Describe(Exception ex) => ex switch
    {
        CliException cli => (cli.ExitCode, cli.Message),
        ValidationException validation => (ExitCodes.InvalidInput, validation.Message),
        OptionsValidationException options => (ExitCodes.Configuration, "configuration: " + string.Join("; ", options.Failures)),
        LocalToolException tool => (ExitCodes.Unavailable, tool.Message),
        NewsAlerts.Evaluation.Summaries.EvaluationRecordException record => (ExitCodes.InvalidInput, record.Message),
        NewsAlerts.Articles.ArticleRejectedException rejected => (ExitCodes.InvalidInput, $"not an article: {rejected.Message}"),
        RequestFailedException storage when storage.Status == 0 || storage.InnerException is HttpRequestException or SocketException =>
            (ExitCodes.Unavailable, $"storage is unreachable: {FirstLine(storage.Message)}"),
        RequestFailedException { Status: 401 or 403 } storage =>
            (ExitCodes.Unavailable, $"storage refused the credentials ({Code(storage)}): check AzureWebJobsStorage: the account name and key of its connection string, or the identity's role assignments"),
        RequestFailedException storage => (ExitCodes.Failed, $"storage refused the request ({Code(storage)}): {FirstLine(storage.Message)}"),
        AggregateException { InnerException: { } inner } => Describe(inner),
        InvalidOperationException configuration when configuration.Message.Contains("AzureWebJobsStorage", StringComparison.Ordinal) =>
            (ExitCodes.Configuration, configuration.Message),
        FormatException format when format.Message.Contains("connection string", StringComparison.OrdinalIgnoreCase) =>
            (ExitCodes.Configuration, $"AzureWebJobsStorage is not a valid connection string: {format.Message}"),
        IOException io => (ExitCodes.Failed, io.Message),
        UnauthorizedAccessException access => (ExitCodes.Failed, access.Message),
        _ => (ExitCodes.Failed, $"unexpected {ex.GetType().Name}: {FirstLine(ex.Message)} (run with --verbose for details)"),
    };

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();

    // A refused HEAD or an emulator may send no error code; "(403 )" would read as a formatting slip.
    private static string Code(RequestFailedException storage) =>
        string.IsNullOrEmpty(storage.ErrorCode) ? storage.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{storage.Status} {storage.ErrorCode}";
}
