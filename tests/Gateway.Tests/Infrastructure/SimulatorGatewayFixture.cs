using System.ClientModel;
using OpenAI;
using OpenAI.Chat;

namespace Gateway.Tests.Infrastructure;

/// <summary>One simulator and one gateway in front of it, shared by the tests of a class.</summary>
public sealed class SimulatorGatewayFixture : IAsyncLifetime
{
    public const string Model = "Qwen/Qwen2.5-7B-Instruct";

    public SimulatorUpstream Upstream { get; private set; } = null!;

    public GatewayHost Gateway { get; private set; } = null!;

    public OpenAIClient OpenAI => new(new ApiKeyCredential("sk-test"), new OpenAIClientOptions { Endpoint = Gateway.OpenAIEndpoint });

    public ChatClient Chat => OpenAI.GetChatClient(Model);

    public async Task InitializeAsync()
    {
        Upstream = await SimulatorUpstream.StartAsync();
        Gateway = await GatewayHost.StartAsync(Upstream.Address);
    }

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}
