using Spectre.Console;

namespace NewsAlerts.Cli.Hosting;

/// <summary>Where a command writes: tables and progress for people, plain text for scripts, errors apart.</summary>
/// <param name="Ansi">Rich output (tables, progress) on standard output.</param>
/// <param name="Out">Plain standard output, for JSON that must not be wrapped or styled.</param>
/// <param name="Error">Standard error: notices and errors.</param>
internal sealed record CliConsole(IAnsiConsole Ansi, TextWriter Out, TextWriter Error)
{
    public static CliConsole System { get; } = new(AnsiConsole.Console, Console.Out, Console.Error);

    /// <summary>A console over writers, without colour or animation (tests, redirected output).</summary>
    public static CliConsole Plain(TextWriter output, TextWriter error) => new(
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
