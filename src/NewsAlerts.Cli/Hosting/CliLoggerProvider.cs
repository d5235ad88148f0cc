using System.Globalization;
using Microsoft.Extensions.Logging;

namespace NewsAlerts.Cli.Hosting;

/// <summary>
/// Writes log lines to the command's error stream, one line each (<c>HH:mm:ss level message</c>), so
/// standard output stays clean for tables and JSON and a caller that embeds the CLI sees its logs.
/// </summary>
internal sealed class CliLoggerProvider : ILoggerProvider
{
    private readonly TextWriter _error;
    private readonly Lock _gate = new();

    public CliLoggerProvider(TextWriter error) => _error = error;

    public ILogger CreateLogger(string categoryName) => new CliLogger(this);

    public void Dispose()
    {
    }

    private void Write(LogLevel level, string message, Exception? exception)
    {
        var line = $"{DateTime.Now.ToString("HH:mm:ss", CultureInfo.InvariantCulture)} {Label(level)} {message}";
        lock (_gate)
        {
            _error.WriteLine(line);
            if (exception is not null && level >= LogLevel.Error)
            {
                _error.WriteLine($"         {exception.GetType().Name}: {exception.Message.Split('\n')[0].Trim()}");
            }
        }
    }

    private static string Label(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce",
        LogLevel.Debug => "dbug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "fail",
        _ => "crit",
    };

    private sealed class CliLogger(CliLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                provider.Write(logLevel, formatter(state, exception), exception);
            }
        }
    }
}
