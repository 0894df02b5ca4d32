using System.ClientModel;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Gateway.Tests.Infrastructure;
using OpenAI;
using OpenAI.Chat;

namespace Gateway.Tests;

/// <summary>Only those who belong get in: client keys, admin keys, the upstream key, and no key material anywhere.</summary>
public sealed class SecurityTests
{
    private const string TeamAKey = "sk-team-a-0f9d8c7b6a5e";
    private const string TeamBKey = "sk-team-b-1a2b3c4d5e6f";
    private const string AdminKey = "sk-admin-99887766";
    private const string UpstreamKey = "vllm-secret-4242";

    [Fact]
    public async Task Without_a_valid_client_key_the_api_answers_401_in_openai_shape()
    {
        await using var setup = await StartAsync();

        using var missing = await setup.Gateway.Http.PostAsync("/v1/chat/completions", Chat());
        using var wrong = await SendAsync(setup.Gateway, "sk-not-a-key");

        foreach (var response in new[] { missing, wrong })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            var error = (await JsonHttp.ReadAsync(response)).GetProperty("error");
            Assert.Equal("authentication_error", error.GetProperty("type").GetString());
        }

        Assert.Equal("missing_api_key", (await JsonHttp.ReadAsync(missing)).GetProperty("error").GetProperty("code").GetString());
        Assert.Empty(setup.Upstream.Bodies("/v1/chat/completions"));
        using var models = await setup.Gateway.Http.GetAsync("/v1/models");
        Assert.Equal(HttpStatusCode.Unauthorized, models.StatusCode);
    }

    [Fact]
    public async Task A_client_key_works_with_the_sdk_and_vllm_gets_the_upstream_key_instead()
    {
        await using var setup = await StartAsync(c => c["Gateway"]!["Upstream"]!["ApiKey"] = UpstreamKey);
        var chat = new ChatClient(SimulatorGatewayFixture.Model, new ApiKeyCredential(TeamAKey), new OpenAIClientOptions { Endpoint = setup.Gateway.OpenAIEndpoint });

        var result = await chat.CompleteChatAsync([new UserChatMessage("Hello there!")]);

        Assert.False(string.IsNullOrEmpty(result.Value.Content[0].Text));
        var received = setup.Upstream.Requests.Snapshot()[^1];
        Assert.Equal($"Bearer {UpstreamKey}", received.Headers["Authorization"]);
        Assert.DoesNotContain(received.Headers.Values, v => v.Contains(TeamAKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_an_upstream_key_the_clients_key_does_not_reach_vllm()
    {
        await using var setup = await StartAsync();

        using var response = await SendAsync(setup.Gateway, TeamAKey);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(setup.Upstream.Requests.Snapshot()[^1].Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task Admin_endpoints_need_an_admin_key_and_refuse_a_client_key()
    {
        await using var setup = await StartAsync();

        using var none = await setup.Gateway.Http.GetAsync("/gateway/profiles");
        using var client = await GetAsync(setup.Gateway, "/gateway/profiles", TeamAKey);
        using var admin = await GetAsync(setup.Gateway, "/gateway/profiles", AdminKey);
        using var health = await setup.Gateway.Http.GetAsync("/healthz");
        using var metrics = await setup.Gateway.Http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, client.StatusCode);
        Assert.Equal("permission_error", (await JsonHttp.ReadAsync(client)).GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
    }

    [Fact]
    public async Task The_key_name_is_logged_and_no_key_material_ever_is()
    {
        await using var setup = await StartAsync(c => c["Gateway"]!["Upstream"]!["ApiKey"] = UpstreamKey);

        using (await SendAsync(setup.Gateway, TeamAKey))
        using (await SendAsync(setup.Gateway, "sk-wrong-key-123"))
        using (await GetAsync(setup.Gateway, "/gateway/profiles", TeamBKey))
        {
        }

        var summary = await setup.Gateway.Logs.WaitForAsync(e => e.EventId.Id == 2001);
        Assert.Contains("team-a", summary.Message, StringComparison.Ordinal);
        var everything = string.Join("\n", setup.Gateway.Logs.Entries.Select(e => e.Message + e.Exception));
        foreach (var secret in new[] { TeamAKey, TeamBKey, AdminKey, UpstreamKey, "sk-wrong-key-123", Hash(TeamAKey) })
        {
            Assert.DoesNotContain(secret, everything, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Requests_over_the_per_minute_limit_get_429_with_retry_after_and_keys_have_their_own_limits()
    {
        await using var setup = await StartAsync(c => c["Gateway"]!["RateLimits"] = new JsonObject
        {
            ["RequestsPerMinute"] = 2,
            ["Keys"] = new JsonObject { ["team-b"] = new JsonObject { ["RequestsPerMinute"] = 4 } },
        });

        var teamA = new List<HttpStatusCode>();
        var teamB = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var a = await SendAsync(setup.Gateway, TeamAKey);
            teamA.Add(a.StatusCode);
            if (a.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.True(int.Parse(a.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
                Assert.Equal("rate_limit_exceeded", (await JsonHttp.ReadAsync(a)).GetProperty("error").GetProperty("code").GetString());
            }

            using var b = await SendAsync(setup.Gateway, TeamBKey);
            teamB.Add(b.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], teamA);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], teamB);
    }

    [Fact]
    public async Task A_key_over_its_concurrent_request_cap_gets_429_while_others_are_served()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var upstream = await FakeUpstream.StartAsync(async context =>
        {
            started.TrySetResult();
            await release.Task.WaitAsync(context.RequestAborted);
            await JsonBreakingUpstream.Handler(2)(context);
        });
        await using var gateway = await GatewayHost.StartAsync(upstream.Address, c =>
        {
            Keys(c);
            c["Gateway"]!["RateLimits"] = new JsonObject { ["ConcurrentRequests"] = 1 };
        });

        var first = SendAsync(gateway, TeamAKey);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        using var second = await SendAsync(gateway, TeamAKey);
        var other = SendAsync(gateway, TeamBKey);
        release.SetResult();

        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        using var firstResponse = await first;
        using var otherResponse = await other;
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherResponse.StatusCode);
    }

    [Fact]
    public async Task A_full_destination_turns_a_burst_into_503_instead_of_piling_onto_vllm()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inFlight = 0;
        var maxInFlight = 0;
        await using var upstream = await FakeUpstream.StartAsync(async context =>
        {
            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref maxInFlight, now);
            started.TrySetResult();
            await release.Task.WaitAsync(context.RequestAborted);
            Interlocked.Decrement(ref inFlight);
            await JsonBreakingUpstream.Handler(2)(context);
        });
        await using var gateway = await GatewayHost.StartAsync(upstream.Address, c =>
            c["Gateway"]!["Upstream"] = new JsonObject { ["MaxConcurrentPerDestination"] = 1, ["QueueLimit"] = 1 });

        var first = gateway.Http.PostAsync("/v1/chat/completions", Chat());
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
        // One of these two takes the only queue place; the other finds the queue full.
        var second = gateway.Http.PostAsync("/v1/chat/completions", Chat());
        var third = gateway.Http.PostAsync("/v1/chat/completions", Chat());
        var refusedTask = await Task.WhenAny(second, third);
        using var refused = await refusedTask;
        release.SetResult();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        Assert.Equal("upstream_overloaded", (await JsonHttp.ReadAsync(refused)).GetProperty("error").GetProperty("code").GetString());
        using var firstResponse = await first;
        using var queuedResponse = await (refusedTask == second ? third : second);
        Assert.Equal(HttpStatusCode.OK, firstResponse.StatusCode);
        Assert.Equal(HttpStatusCode.OK, queuedResponse.StatusCode);
        Assert.Equal(1, maxInFlight);
    }

    [Fact]
    public async Task A_stored_key_that_is_not_a_sha256_is_refused_at_start()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => GatewayHost.StartAsync(new Uri("http://127.0.0.1:9/"),
            c => c["Gateway"]!["Auth"] = new JsonObject { ["ApiKeys"] = new JsonObject { ["team-a"] = TeamAKey } }));

        Assert.Contains("Gateway:Auth:ApiKeys:team-a", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(TeamAKey, failure.Message, StringComparison.Ordinal);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static void Keys(JsonObject config) => config["Gateway"]!["Auth"] = new JsonObject
    {
        ["ApiKeys"] = new JsonObject { ["team-a"] = Hash(TeamAKey), ["team-b"] = Hash(TeamBKey) },
        ["AdminKeys"] = new JsonObject { ["ops"] = Hash(AdminKey) },
    };

    private static async Task<Setup> StartAsync(Action<JsonObject>? configure = null)
    {
        var upstream = await SimulatorUpstream.StartAsync();
        var gateway = await GatewayHost.StartAsync(upstream.Address, c =>
        {
            Keys(c);
            configure?.Invoke(c);
        });
        return new Setup(upstream, gateway);
    }

    private static StringContent Chat() =>
        JsonHttp.Body(new { model = SimulatorGatewayFixture.Model, messages = new[] { new { role = "user", content = "Hello, how are you?" } } });

    private static Task<HttpResponseMessage> SendAsync(GatewayHost gateway, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = Chat() };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return gateway.Http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> GetAsync(GatewayHost gateway, string path, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return gateway.Http.SendAsync(request);
    }

    private sealed record Setup(SimulatorUpstream Upstream, GatewayHost Gateway) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Gateway.DisposeAsync();
            await Upstream.DisposeAsync();
        }
    }
}
