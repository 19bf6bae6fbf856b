using LnRelay.Orchestrator.Cli;

return await LnRelayCli.RunAsync(args);
