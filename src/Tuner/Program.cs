using Gateway.Tuner;

// Composition only: TunerCli holds the logic so tests run the same sweep in-process.
return await TunerCli.RunAsync(args, Console.Out, Console.Error, Console.IsErrorRedirected, CancellationToken.None);
