using Gateway.Simulator;

// Composition only: everything else lives in SimulatorHost so tests can host the same app in-process.
var app = SimulatorHost.Create(args);
app.Run();
