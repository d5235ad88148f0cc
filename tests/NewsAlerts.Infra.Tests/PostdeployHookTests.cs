using System.Diagnostics;
using System.Text.RegularExpressions;

namespace NewsAlerts.Infra.Tests;

/// <summary>
/// Runs infra/hooks/postdeploy.sh as azd would, against a stand-in `az` and `curl` on PATH that log their
/// calls and answer as each scenario needs.
/// </summary>
public sealed partial class PostdeployHookTests : IDisposable
{
    private const string Key = "s3cr3t-blobs-key==";
    private const string Endpoint = $"https://func-test.azurewebsites.net/runtime/webhooks/blobs?functionName=Host.Functions.ProcessArticle&code={Key}";
    private const string Subscribe = "az eventgrid system-topic event-subscription";

    private const string StubAz = """
        #!/usr/bin/env bash
        # Stand-in for the Azure CLI: logs each call and answers as the test scenario says.
        printf 'az %s\n' "$*" >>"$STUB_DIR/calls"
        # Counts the calls of one kind, so that an answer can change after STUB_*_AFTER failures ("never": always fail).
        ready() {
          local count=$(( $(cat "$STUB_DIR/$1-calls" 2>/dev/null || echo 0) + 1 ))
          echo "$count" >"$STUB_DIR/$1-calls"
          [[ "$2" != never && "$count" -gt "$2" ]]
        }
        case "$1 $2 $3 $4" in
          "account show "*)
            exit "${STUB_ACCOUNT_EXIT:-0}" ;;
          "functionapp keys list "*)
            if ready key "$STUB_KEY_AFTER"; then
              echo "$STUB_KEY"
              exit 0
            fi
            echo "ERROR: the host is not ready" >&2
            exit 1 ;;
          "eventgrid system-topic event-subscription show")
            [[ -f "$STUB_DIR/subscription" ]] && exit 0
            echo "ERROR: (ResourceNotFound) The resource was not found." >&2
            exit 3 ;;
          "eventgrid system-topic event-subscription create" | "eventgrid system-topic event-subscription update")
            previous=""
            for argument in "$@"; do
              if [[ "$previous" == --endpoint && "$argument" == @* ]]; then
                cat "${argument#@}" >"$STUB_DIR/endpoint"
              fi
              previous="$argument"
            done
            if ready subscribe "${STUB_SUBSCRIBED_AFTER:-0}"; then
              touch "$STUB_DIR/subscription"
              exit 0
            fi
            # Quotes the webhook URL whole, key and all, so that the tests see the hook mask it.
            echo "ERROR: (URL validation) Webhook validation handshake failed for $(<"$STUB_DIR/endpoint"). Http POST request failed with response code Unknown." >&2
            exit 1 ;;
        esac
        echo "unexpected az call: $*" >&2
        exit 2
        """;

    private const string StubCurl = """
        #!/usr/bin/env bash
        # Stand-in for curl: logs each call, then answers with a status or, given STUB_CURL_EXIT, times out.
        printf 'curl %s\n' "$*" >>"$STUB_DIR/calls"
        if [[ "${STUB_CURL_EXIT:-0}" != 0 ]]; then
          echo "curl: (28) Operation timed out after 60001 milliseconds with 0 bytes received" >&2
          exit "$STUB_CURL_EXIT"
        fi
        printf '200'
        """;

    private readonly DirectoryInfo _stubDirectory = Directory.CreateTempSubdirectory("newsalerts-hook-");

    public PostdeployHookTests()
    {
        WriteStub("az", StubAz);
        WriteStub("curl", StubCurl);
    }

    private string Calls => ReadStub("calls");

    [Fact]
    public async Task SubscribesProcessArticleToBlobCreatedInTheArticlesContainer()
    {
        var result = await RunHookAsync(("STUB_KEY_AFTER", "1"));

        Assert.True(result.ExitCode == 0, result.Output);
        var create = Assert.Single(SubscribeCalls("create"));
        Assert.Contains("--resource-group rg-test", create, StringComparison.Ordinal);
        Assert.Contains("--system-topic-name evgt-test", create, StringComparison.Ordinal);
        Assert.Contains("--name articles-blob-created", create, StringComparison.Ordinal);
        Assert.Contains("--endpoint-type webhook", create, StringComparison.Ordinal);
        Assert.Contains("--included-event-types Microsoft.Storage.BlobCreated", create, StringComparison.Ordinal);
        Assert.Contains("--subject-begins-with /blobServices/default/containers/articles/", create, StringComparison.Ordinal);
        Assert.Equal(Endpoint, ReadStub("endpoint"));
    }

    [Fact]
    public async Task KeepsTheKeyOutOfCommandLines()
    {
        var result = await RunHookAsync(("STUB_KEY_AFTER", "0"));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.DoesNotContain(Key, Calls, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WarmsTheAppUpThenRetriesUntilEventGridValidatesTheWebhook()
    {
        var result = await RunHookAsync(("STUB_KEY_AFTER", "0"), ("STUB_SUBSCRIBED_AFTER", "2"));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal(3, SubscribeCalls("create").Count);
        var calls = Calls.Split('\n').ToList();
        var warmUp = calls.FindIndex(call => call.StartsWith("curl ", StringComparison.Ordinal));
        Assert.True(warmUp >= 0 && warmUp < calls.IndexOf(SubscribeCalls("create")[0]), Calls);
        Assert.Contains("--max-time 60 ", calls[warmUp], StringComparison.Ordinal);
        Assert.EndsWith(" https://func-test.azurewebsites.net/api/unsubscribe", calls[warmUp], StringComparison.Ordinal);
        Assert.Contains("Webhook validation handshake failed", result.StandardError, StringComparison.Ordinal);
        Assert.Equal(Endpoint, ReadStub("endpoint"));
    }

    [Fact]
    public async Task AWarmUpWithoutAnswerIsOnlyAWarning()
    {
        var result = await RunHookAsync(("STUB_KEY_AFTER", "0"), ("STUB_CURL_EXIT", "28"));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("warning", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Operation timed out", result.StandardError, StringComparison.Ordinal);
        Assert.Single(SubscribeCalls("create"));
    }

    [Fact]
    public async Task GivesUpAfterDoublingDelaysNamingTheCommandToRunByHandAndTheLastError()
    {
        var stopwatch = Stopwatch.StartNew();
        var result = await RunHookAsync(
            ("STUB_KEY_AFTER", "0"),
            ("STUB_SUBSCRIBED_AFTER", "never"),
            ("POSTDEPLOY_SUBSCRIBE_ATTEMPTS", "3"),
            ("POSTDEPLOY_SUBSCRIBE_DELAY_SECONDS", "1"));
        var elapsed = stopwatch.Elapsed;

        Assert.NotEqual(0, result.ExitCode);
        Assert.Equal(3, SubscribeCalls("create").Count);
        // Waits of 1 s and then 2 s: at least 3 s, and well bounded.
        Assert.InRange(elapsed, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10));
        Assert.Contains("retrying in 1 s", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("retrying in 2 s", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("could not be created after 3 attempts", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("Webhook validation handshake failed", result.StandardError, StringComparison.Ordinal);
        Assert.Contains($"{Subscribe} create", ManualCommands(result), StringComparison.Ordinal);
        Assert.Contains("az functionapp keys list", ManualCommands(result), StringComparison.Ordinal);
        Assert.Contains("--query systemKeys.blobs_extension --output tsv", ManualCommands(result), StringComparison.Ordinal);
        Assert.DoesNotContain(Key, result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCommandsPrintedOnFailureSubscribeWhenRunByHand()
    {
        var failed = await RunHookAsync(("STUB_KEY_AFTER", "0"), ("STUB_SUBSCRIBED_AFTER", "never"), ("POSTDEPLOY_SUBSCRIBE_ATTEMPTS", "1"));
        var hookCreate = Assert.Single(SubscribeCalls("create"));
        File.Delete(Path.Combine(_stubDirectory.FullName, "endpoint"));

        var byHand = await RunAsync("bash", ["-euo", "pipefail", "-c", ManualCommands(failed)], ("STUB_KEY_AFTER", "0"));

        Assert.NotEqual(0, failed.ExitCode);
        Assert.True(byHand.ExitCode == 0, $"{failed.Output}\n{byHand.Output}");
        Assert.Equal(WithoutTemporaryFile(hookCreate), WithoutTemporaryFile(SubscribeCalls("create")[^1]));
        Assert.Equal(Endpoint, ReadStub("endpoint"));
    }

    [Fact]
    public async Task RerunningUpdatesTheExistingSubscriptionInsteadOfCreatingIt()
    {
        var first = await RunHookAsync(("STUB_KEY_AFTER", "0"));
        File.Delete(Path.Combine(_stubDirectory.FullName, "endpoint"));
        var second = await RunHookAsync(("STUB_KEY_AFTER", "0"));

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        var create = Assert.Single(SubscribeCalls("create"));
        var update = Assert.Single(SubscribeCalls("update"));
        // The same name, endpoint and filters either way (the endpoint file's temporary path aside).
        Assert.Equal(WithoutTemporaryFile(create), WithoutTemporaryFile(update).Replace($"{Subscribe} update ", $"{Subscribe} create ", StringComparison.Ordinal));
        Assert.Equal(Endpoint, ReadStub("endpoint"));
    }

    [Theory]
    [InlineData("RESOURCE_GROUP")]
    [InlineData("AZURE_FUNCTION_APP_NAME")]
    [InlineData("EVENT_GRID_SYSTEM_TOPIC_NAME")]
    [InlineData("ARTICLES_CONTAINER_NAME")]
    public async Task FailsNamingAMissingAzdOutput(string variable)
    {
        var result = await RunHookAsync(("STUB_KEY_AFTER", "0"), (variable, null));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(variable, result.StandardError, StringComparison.Ordinal);
        Assert.Empty(SubscribeCalls("create", "update"));
    }

    [Fact]
    public async Task FailsWhenTheCliIsNotSignedIn()
    {
        var result = await RunHookAsync(("STUB_KEY_AFTER", "0"), ("STUB_ACCOUNT_EXIT", "1"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("az login", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(SubscribeCalls("create", "update"));
    }

    [Fact]
    public async Task FailsLoudlyWhenTheKeyNeverAppears()
    {
        var result = await RunHookAsync(("STUB_KEY_AFTER", "never"), ("POSTDEPLOY_KEY_ATTEMPTS", "3"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("blobs_extension", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("the host is not ready", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("3", ReadStub("key-calls"));
        Assert.Empty(SubscribeCalls("create", "update"));
    }

    public void Dispose() => _stubDirectory.Delete(recursive: true);

    private Task<ProcessResult> RunHookAsync(params (string Name, string? Value)[] overrides) =>
        RunAsync(RepositoryPaths.InRoot("infra/hooks/postdeploy.sh"), [], overrides);

    private Task<ProcessResult> RunAsync(string fileName, string[] arguments, params (string Name, string? Value)[] overrides)
    {
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = $"{_stubDirectory.FullName}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}",
            ["STUB_DIR"] = _stubDirectory.FullName,
            ["STUB_KEY"] = Key,
            ["POSTDEPLOY_KEY_DELAY_SECONDS"] = "0",
            ["POSTDEPLOY_SUBSCRIBE_DELAY_SECONDS"] = "0",
            ["AZURE_SUBSCRIPTION_ID"] = "00000000-0000-0000-0000-000000000000",
            ["RESOURCE_GROUP"] = "rg-test",
            ["AZURE_FUNCTION_APP_NAME"] = "func-test",
            ["SERVICE_API_URI"] = "https://func-test.azurewebsites.net",
            ["EVENT_GRID_SYSTEM_TOPIC_NAME"] = "evgt-test",
            ["ARTICLES_CONTAINER_NAME"] = "articles",
        };
        foreach (var (name, value) in overrides)
        {
            environment[name] = value;
        }

        return ProcessRunner.RunAsync(fileName, arguments, RepositoryPaths.Root, environment);
    }

    /// <summary>The indented lines after "by hand:" in the hook's final message, as one script.</summary>
    private static string ManualCommands(ProcessResult result) =>
        string.Join('\n', result.StandardError.Split('\n')
            .SkipWhile(line => !line.EndsWith("by hand:", StringComparison.Ordinal))
            .Skip(1)
            .TakeWhile(line => line.StartsWith("  ", StringComparison.Ordinal)));

    private List<string> SubscribeCalls(params string[] verbs) =>
        Calls.Split('\n').Where(call => verbs.Any(verb => call.StartsWith($"{Subscribe} {verb} ", StringComparison.Ordinal))).ToList();

    private static string WithoutTemporaryFile(string call) => TemporaryFile().Replace(call, "@<file>");

    private void WriteStub(string name, string script)
    {
        var path = Path.Combine(_stubDirectory.FullName, name);
        File.WriteAllText(path, script.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private string ReadStub(string name)
    {
        var path = Path.Combine(_stubDirectory.FullName, name);
        return File.Exists(path) ? File.ReadAllText(path).TrimEnd('\n') : string.Empty;
    }

    [GeneratedRegex(@"@/\S+")]
    private static partial Regex TemporaryFile();
}
