// The floor the gateway is built on, measured by bench/run.sh beside it: Kestrel and YARP forwarding every
// request to one destination, no other middleware, no logging, no telemetry.
//   YarpFloor --urls http://127.0.0.1:18083 --upstream http://127.0.0.1:18081/
using Yarp.ReverseProxy.Configuration;

var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var upstream = builder.Configuration["upstream"] ?? "http://127.0.0.1:8000/";
builder.Services.AddReverseProxy().LoadFromMemory(
    [new RouteConfig { RouteId = "all", ClusterId = "upstream", Match = new RouteMatch { Path = "{**catch-all}" } }],
    [new ClusterConfig { ClusterId = "upstream", Destinations = new Dictionary<string, DestinationConfig> { ["primary"] = new() { Address = upstream } } }]);

var app = builder.Build();
app.MapReverseProxy();
app.Run();
