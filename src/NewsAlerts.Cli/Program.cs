using NewsAlerts.Cli;
using NewsAlerts.Cli.Hosting;

return await NewsAlertsCli.RunAsync(args, CliContext.System);
