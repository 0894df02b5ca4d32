using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Gateway.Tuner.Sweep;

/// <summary>Asks the gateway's POST /gateway/classify which temperature its profile applies, to label the gateway row.</summary>
public static class GatewayProbe
{
    public static async Task<double?> TemperatureAsync(Uri gatewayUrl, SweepOptions options, PromptSpec prompt,
        CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = options.Timeout };
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Endpoints.Root(gatewayUrl), "gateway/classify"));
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + options.ApiKey);
        request.Content = JsonContent.Create(new JsonObject
        {
            ["model"] = options.Model,
            ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = prompt.Prompt }),
        });
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = response.IsSuccessStatusCode
                ? JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))
                : null;
            return body?["parameters"]?["temperature"]?.GetValue<double>();
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Text.Json.JsonException or InvalidOperationException
            or FormatException or TaskCanceledException)
        {
            return null; // Only a label: the row stands without it.
        }
    }
}
