using System.ComponentModel;
using System.Diagnostics;

namespace NewsAlerts.Cli.Local;

/// <summary>
/// Installs pinned npm packages (Azurite; in tests also an SMTP server) into a per-user cache the first
/// time they are needed, so a fresh machine needs only Node.js and npm. Concurrent installers (parallel
/// test assemblies, two terminals) wait for each other on a lock file.
/// </summary>
internal static class NodePackages
{
    /// <summary>The folder the packages are cached in: <c>NEWSALERTS_TOOLS</c>, else the user's cache folder.</summary>
    public static string CacheRoot
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("NEWSALERTS_TOOLS");
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return configured;
            }

            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = !string.IsNullOrWhiteSpace(xdg) ? xdg
                : OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "newsalerts", "node");
        }
    }

    /// <summary>Installs <paramref name="package"/>@<paramref name="version"/> if needed; returns its folder under <c>node_modules</c>.</summary>
    /// <exception cref="LocalToolException">npm is missing or the install failed.</exception>
    public static async Task<string> EnsureInstalledAsync(string package, string version, CancellationToken cancellationToken = default)
    {
        var prefix = Path.Combine(CacheRoot, $"{package}@{version}");
        var packageDirectory = Path.Combine(prefix, "node_modules", package);
        var marker = Path.Combine(prefix, ".installed");
        if (File.Exists(marker))
        {
            return packageDirectory;
        }

        Directory.CreateDirectory(prefix);
        await using var installLock = await AcquireLockAsync(Path.Combine(prefix, ".lock"), cancellationToken);
        if (File.Exists(marker))
        {
            return packageDirectory;
        }

        var (exitCode, output) = await RunAsync(
            OperatingSystem.IsWindows() ? "npm.cmd" : "npm",
            ["install", "--prefix", prefix, "--no-audit", "--no-fund", "--no-save", "--loglevel=error", $"{package}@{version}"],
            TimeSpan.FromMinutes(5),
            cancellationToken);
        if (exitCode != 0 || !Directory.Exists(packageDirectory))
        {
            throw new LocalToolException($"npm could not install {package}@{version} (exit code {exitCode}): {LastLines(output)}");
        }

        await File.WriteAllTextAsync(marker, DateTimeOffset.UtcNow.ToString("O"), cancellationToken);
        return packageDirectory;
    }

    /// <summary>The <c>node</c> executable.</summary>
    public static string Node => OperatingSystem.IsWindows() ? "node.exe" : "node";

    private static async Task<FileStream> AcquireLockAsync(string path, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddMinutes(6);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, cancellationToken);
            }
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string[] arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new LocalToolException($"{fileName} did not start");
        }
        catch (Win32Exception ex)
        {
            throw new LocalToolException($"{fileName} was not found: install Node.js 20 or later (with npm), or set AzureWebJobsStorage to a storage account", ex);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timer.CancelAfter(timeout);
            try
            {
                await process.WaitForExitAsync(timer.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            return (process.ExitCode, await stdout + await stderr);
        }
    }

    private static string LastLines(string output) =>
        string.Join(" | ", output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(5));
}

/// <summary>A local tool (npm, Node.js, Azurite) is missing or failed; the message says what to do.</summary>
internal sealed class LocalToolException : Exception
{
    public LocalToolException(string message)
        : base(message)
    {
    }

    public LocalToolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public LocalToolException()
        : base("a local tool failed")
    {
    }
}
