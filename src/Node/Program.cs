using LnRelay.Node.Hosting;

return await NodeProgram.RunAsync(args);
