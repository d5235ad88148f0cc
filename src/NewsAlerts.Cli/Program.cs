using NewsAlerts.Cli;
using NewsAlerts.Cli.Hosting;

using var signals = new StopSignals();
return signals.ExitCodeFor(await NewsAlertsCli.RunAsync(args, CliContext.System, signals.Token));
