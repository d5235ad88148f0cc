namespace NewsAlerts.Cli;

/// <summary>What the <c>newsalerts</c> exit codes mean; scripts depend on them.</summary>
internal static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Success = 0;

    /// <summary>The command ran, but some of its work failed (an article failed, a digest could not be sent).</summary>
    public const int Failed = 1;

    /// <summary>The command line or its input was not valid; nothing was changed.</summary>
    public const int InvalidInput = 2;

    /// <summary>What the command names does not exist.</summary>
    public const int NotFound = 3;

    /// <summary>A setting is missing or wrong; the message names the key.</summary>
    public const int Configuration = 4;

    /// <summary>Storage, Node.js/npm or Azurite could not be reached or started.</summary>
    public const int Unavailable = 5;

    /// <summary>Stopped by Ctrl+C (SIGINT); also a command cancelled by its caller.</summary>
    public const int Cancelled = 130;

    /// <summary>Stopped by SIGTERM (<c>kill</c>, a service manager, <c>docker stop</c>): 128 + 15, as shells report it.</summary>
    public const int Terminated = 143;
}

/// <summary>A failure to report as one line on stderr with its exit code.</summary>
internal sealed class CliException : Exception
{
    public CliException(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public CliException(string message)
        : this(ExitCodes.Failed, message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitCodes.Failed;
    }

    public CliException()
        : this(ExitCodes.Failed, "the command failed")
    {
    }

    public int ExitCode { get; }
}
