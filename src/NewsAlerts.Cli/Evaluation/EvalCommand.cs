using System.CommandLine;
using NewsAlerts.Cli.Hosting;

namespace NewsAlerts.Cli.Evaluation;

/// <summary><c>newsalerts eval</c>: the only user of NewsAlerts.Evaluation, which the Functions app does not ship.</summary>
internal static class EvalCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("eval", "Evaluate NewsAlerts on reference data");
        command.Subcommands.Add(SummaryEvalCommand.Create(cli));
        command.Subcommands.Add(StoryEvalCommand.Create(cli));
        command.Subcommands.Add(ExtractionEvalCommand.Create(cli));
        return command;
    }
}
