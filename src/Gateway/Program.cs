using Gateway.Hosting;

var builder = GatewayHostExtensions.CreateGatewayBuilder(new WebApplicationOptions { Args = args });
builder.AddGateway();

var app = builder.Build();
app.MapGateway();
app.Run();
