using System.Text.RegularExpressions;

namespace NewsAlerts.Infra.Tests;

/// <summary>
/// Runs infra/hooks/postdeploy.sh as azd would, against a stand-in `az` on PATH that logs its calls
/// and answers as each scenario needs.
/// </summary>
public sealed partial class PostdeployHookTests : IDisposable
{
    private const string Key = "s3cr3t-blobs-key==";

    private const string StubAz = """
        #!/usr/bin/env bash
        # Stand-in for the Azure CLI: logs each call and answers as the test scenario says.
        printf '%s\n' "$*" >>"$STUB_DIR/calls"
        case "$1 $2" in
          "account show")
            exit "${STUB_ACCOUNT_EXIT:-0}" ;;
          "functionapp keys")
            count=$(( $(cat "$STUB_DIR/key-calls" 2>/dev/null || echo 0) + 1 ))
            echo "$count" >"$STUB_DIR/key-calls"
            if [[ "$STUB_KEY_AFTER" != never && "$count" -gt "$STUB_KEY_AFTER" ]]; then
              echo "$STUB_KEY"
              exit 0
            fi
            echo "ERROR: the host is not ready" >&2
            exit 1 ;;
          "eventgrid system-topic")
            previous=""
            for argument in "$@"; do
              if [[ "$previous" == --endpoint && "$argument" == @* ]]; then
                cat "${argument#@}" >"$STUB_DIR/endpoint"
              fi
              previous="$argument"
            done
            exit "${STUB_CREATE_EXIT:-0}" ;;
        esac
        echo "unexpected az call: $*" >&2
        exit 2
        """;

    private readonly DirectoryInfo _stubDirectory = Directory.CreateTempSubdirectory("newsalerts-hook-");

    public PostdeployHookTests()
    {
        var az = Path.Combine(_stubDirectory.FullName, "az");
        File.WriteAllText(az, StubAz.Replace("\r\n", "\n", StringComparison.Ordinal) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(az, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private string Calls => ReadStub("calls");

    [Fact]
    public async Task SubscribesProcessArticleToBlobCreatedInTheArticlesContainer()
    {
        var result = await RunHookAsync(("STUB_KEY_AFTER", "1"));

        Assert.True(result.ExitCode == 0, result.Output);
        var create = Assert.Single(CreateCalls());
        Assert.Contains("--resource-group rg-test", create, StringComparison.Ordinal);
        Assert.Contains("--system-topic-name evgt-test", create, StringComparison.Ordinal);
        Assert.Contains("--name articles-blob-created", create, StringComparison.Ordinal);
        Assert.Contains("--endpoint-type webhook", create, StringComparison.Ordinal);
        Assert.Contains("--included-event-types Microsoft.Storage.BlobCreated", create, StringComparison.Ordinal);
        Assert.Contains("--subject-begins-with /blobServices/default/containers/articles/", create, StringComparison.Ordinal);
        Assert.Equal(
            $"https://func-test.azurewebsites.net/runtime/webhooks/blobs?functionName=Host.Functions.ProcessArticle&code={Key}",
            ReadStub("endpoint"));
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
    public async Task RerunningReplacesTheSameSubscription()
    {
        var first = await RunHookAsync(("STUB_KEY_AFTER", "0"));
        var second = await RunHookAsync(("STUB_KEY_AFTER", "0"));

        Assert.True(first.ExitCode == 0, first.Output);
        Assert.True(second.ExitCode == 0, second.Output);
        // The same name and arguments each time (the endpoint file's temporary path aside): a create-or-update.
        var creates = CreateCalls().Select(call => TemporaryFile().Replace(call, "@<file>")).ToList();
        Assert.Equal(2, creates.Count);
        Assert.Equal(creates[0], creates[1]);
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
        Assert.Empty(CreateCalls());
    }

    [Fact]
    public async Task FailsWhenTheCliIsNotSignedIn()
    {
        var result = await RunHookAsync(("STUB_KEY_AFTER", "0"), ("STUB_ACCOUNT_EXIT", "1"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("az login", result.StandardError, StringComparison.Ordinal);
        Assert.Empty(CreateCalls());
    }

    [Fact]
    public async Task FailsLoudlyWhenTheKeyNeverAppears()
    {
        var result = await RunHookAsync(("STUB_KEY_AFTER", "never"), ("POSTDEPLOY_KEY_ATTEMPTS", "3"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("blobs_extension", result.StandardError, StringComparison.Ordinal);
        Assert.Contains("the host is not ready", result.StandardError, StringComparison.Ordinal);
        Assert.Equal("3", ReadStub("key-calls"));
        Assert.Empty(CreateCalls());
    }

    [Fact]
    public async Task FailsWhenEventGridRejectsTheSubscription()
    {
        var result = await RunHookAsync(("STUB_KEY_AFTER", "0"), ("STUB_CREATE_EXIT", "1"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Single(CreateCalls());
    }

    public void Dispose() => _stubDirectory.Delete(recursive: true);

    private Task<ProcessResult> RunHookAsync(params (string Name, string? Value)[] overrides)
    {
        var environment = new Dictionary<string, string?>
        {
            ["PATH"] = $"{_stubDirectory.FullName}{Path.PathSeparator}{Environment.GetEnvironmentVariable("PATH")}",
            ["STUB_DIR"] = _stubDirectory.FullName,
            ["STUB_KEY"] = Key,
            ["POSTDEPLOY_KEY_DELAY_SECONDS"] = "0",
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

        return ProcessRunner.RunAsync(RepositoryPaths.InRoot("infra/hooks/postdeploy.sh"), [], RepositoryPaths.Root, environment);
    }

    private List<string> CreateCalls() =>
        Calls.Split('\n').Where(call => call.StartsWith("eventgrid system-topic event-subscription create", StringComparison.Ordinal)).ToList();

    private string ReadStub(string name)
    {
        var path = Path.Combine(_stubDirectory.FullName, name);
        return File.Exists(path) ? File.ReadAllText(path).TrimEnd('\n') : string.Empty;
    }

    [GeneratedRegex(@"@/\S+")]
    private static partial Regex TemporaryFile();
}
