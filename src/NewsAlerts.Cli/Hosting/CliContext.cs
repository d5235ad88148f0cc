using Spectre.Console;

namespace NewsAlerts.Cli.Hosting;

/// <summary>
/// What a command runs against: where it writes (tables and progress for people, plain text for
/// scripts, errors apart), the folder it reads <c>appsettings.json</c> and <c>local.settings.json</c> from,
/// and configuration its caller layers over files and environment.
/// </summary>
/// <param name="Ansi">Rich output (tables, progress) on standard output.</param>
/// <param name="Out">Plain standard output, for JSON that must not be wrapped or styled.</param>
/// <param name="Error">Standard error: notices and errors.</param>
internal sealed record CliContext(IAnsiConsole Ansi, TextWriter Out, TextWriter Error)
{
    public static CliContext System { get; } = new(AnsiConsole.Console, Console.Out, Console.Error);

    /// <summary>The folder settings files are read from.</summary>
    public string ContentRoot { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>Configuration that wins over files and environment.</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();

    /// <summary>A context over writers, without colour or animation (tests, embedding).</summary>
    public static CliContext Plain(TextWriter output, TextWriter error) => new(
        AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        }),
        output,
        error);
}
