using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;

namespace Gateway.Tests;

/// <summary>Ops edit appsettings.json live: good edits apply on the next request, bad ones are refused and logged.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public async Task An_edited_profile_applies_to_the_next_request()
    {
        await using var upstream = await SimulatorUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(upstream.Address);
        var version = await VersionAsync(gateway);

        await gateway.EditConfigAsync(c => c["Gateway"]!["Profiles"]!["chat"]!["Temperature"] = 0.33);
        await gateway.Logs.WaitForAsync(e => e.EventId.Id == 1001);

        Assert.Equal(version + 1, await VersionAsync(gateway));
        await ChatAsync(gateway);
        Assert.Equal(0.33, upstream.LastBody("/v1/chat/completions").GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task An_invalid_edit_is_refused_logged_and_the_last_good_profiles_stay()
    {
        await using var upstream = await SimulatorUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(upstream.Address);
        var version = await VersionAsync(gateway);

        await gateway.EditConfigAsync(c => c["Gateway"]!["Profiles"]!["chat"]!["Temperature"] = 5);
        var refusal = await gateway.Logs.WaitForAsync(e => e.EventId.Id == 1002);

        Assert.Contains("Gateway:Profiles:chat:Temperature", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(version, await VersionAsync(gateway));
        await ChatAsync(gateway);
        Assert.Equal(RepositoryConfig.ProfileValue("chat", "Temperature"), upstream.LastBody("/v1/chat/completions").GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task A_corrupted_file_keeps_the_last_good_configuration_and_a_later_fix_applies()
    {
        await using var upstream = await SimulatorUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(upstream.Address);

        await File.WriteAllTextAsync(gateway.ConfigFile, """{ "Gateway": { "Profiles": """);
        await gateway.Logs.WaitForAsync(e => e.EventId.Id == 1003);

        // Routes and profiles are still in force.
        await ChatAsync(gateway);
        Assert.Equal(RepositoryConfig.ProfileValue("chat", "Temperature"), upstream.LastBody("/v1/chat/completions").GetProperty("temperature").GetDouble());

        var fixedConfig = RepositoryConfig.Load();
        fixedConfig["ReverseProxy"]!["Clusters"]!["vllm"]!["Destinations"] = new JsonObject { ["primary"] = new JsonObject { ["Address"] = upstream.Address.ToString() } };
        fixedConfig["Gateway"]!["Profiles"]!["chat"]!["Temperature"] = 0.71;
        await File.WriteAllTextAsync(gateway.ConfigFile, fixedConfig.ToJsonString());
        await gateway.Logs.WaitForAsync(e => e.EventId.Id == 1001);
        await ChatAsync(gateway);
        Assert.Equal(0.71, upstream.LastBody("/v1/chat/completions").GetProperty("temperature").GetDouble());
    }

    [Fact]
    public async Task A_deleted_file_keeps_the_last_good_configuration()
    {
        await using var upstream = await SimulatorUpstream.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(upstream.Address);

        File.Delete(gateway.ConfigFile);
        var failure = await gateway.Logs.WaitForAsync(e => e.EventId.Id == 1003);

        Assert.Contains(gateway.ConfigFile, failure.Message, StringComparison.Ordinal);
        await ChatAsync(gateway);
        Assert.Equal(RepositoryConfig.ProfileValue("chat", "Temperature"), upstream.LastBody("/v1/chat/completions").GetProperty("temperature").GetDouble());
    }

    [Theory]
    [InlineData("Temperature", 2.5, "Gateway:Profiles:chat:Temperature")]
    [InlineData("TopP", 0, "Gateway:Profiles:chat:TopP")]
    [InlineData("PresencePenalty", -3, "Gateway:Profiles:chat:PresencePenalty")]
    public async Task An_invalid_file_stops_the_start_with_a_message_naming_the_key(string field, double value, string key)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() =>
            GatewayHost.StartAsync(new Uri("http://127.0.0.1:9/"), c => c["Gateway"]!["Profiles"]!["chat"]![field] = value));

        Assert.Contains(key, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_tasks_misspelt_keys_and_inconsistent_bounds_stop_the_start()
    {
        var unknownTask = await Assert.ThrowsAnyAsync<Exception>(() => GatewayHost.StartAsync(new Uri("http://127.0.0.1:9/"),
            c => c["Gateway"]!["Profiles"]!["poetry"] = new JsonObject { ["Temperature"] = 1.0 }));
        Assert.Contains("Gateway:Profiles:poetry", unknownTask.Message, StringComparison.Ordinal);

        var misspelt = await Assert.ThrowsAnyAsync<Exception>(() => GatewayHost.StartAsync(new Uri("http://127.0.0.1:9/"),
            c => c["Gateway"]!["Profiles"]!["chat"]!["Temprature"] = 0.5));
        Assert.True(misspelt.Message.Contains("Temprature", StringComparison.Ordinal), misspelt.Message);

        var bounds = await Assert.ThrowsAnyAsync<Exception>(() => GatewayHost.StartAsync(new Uri("http://127.0.0.1:9/"),
            c => c["Gateway"]!["Profiles"]!["chat"]!["Bounds"] = new JsonObject { ["Temperature"] = new JsonObject { ["Min"] = 1.0, ["Max"] = 0.5 } }));
        Assert.Contains("Gateway:Profiles:chat:Bounds", bounds.Message, StringComparison.Ordinal);
    }

    private static async Task<long> VersionAsync(GatewayHost gateway)
    {
        var profiles = await gateway.Http.GetFromJsonAsync<JsonObject>("/gateway/profiles");
        return profiles!["version"]!.GetValue<long>();
    }

    private static async Task ChatAsync(GatewayHost gateway)
    {
        using var response = await gateway.Http.PostAsync("/v1/chat/completions",
            JsonHttp.Body(new { model = SimulatorGatewayFixture.Model, messages = new[] { new { role = "user", content = "How are you doing today?" } } }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("chat", response.Headers.GetValues("x-gateway-task").Single());
    }
}
