using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;

// Streaming probe for bench/run.sh: sends streaming chat completions one after another and records, per request,
// when each chunk of the body arrives. Reports time to first chunk (TTFT) and the spread of chunk arrivals, which
// shows whether a proxy forwards chunks as they come (drip) or holds them back.
//
// usage: StreamProbe <url> <requests> <max_tokens> <token_delay_ms> [label]
if (args.Length < 4)
{
    Console.Error.WriteLine("usage: StreamProbe <url> <requests> <max_tokens> <token_delay_ms> [label]");
    return 2;
}

var url = new Uri(args[0]);
var requests = int.Parse(args[1], CultureInfo.InvariantCulture);
var maxTokens = int.Parse(args[2], CultureInfo.InvariantCulture);
var delayMs = args[3];
var label = args.Length > 4 ? args[4] : url.ToString();

using var handler = new SocketsHttpHandler { PooledConnectionLifetime = Timeout.InfiniteTimeSpan, UseProxy = false };
using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30), DefaultRequestVersion = HttpVersion.Version11 };
var body = "{\"model\":\"Qwen/Qwen2.5-7B-Instruct\",\"stream\":true,\"max_tokens\":" + maxTokens
    + ",\"messages\":[{\"role\":\"user\",\"content\":\"Tell me about the weather in Lisbon in spring.\"}]}";

var ttft = new List<double>();
var spread = new List<double>();
var maxGap = new List<double>();
var chunks = new List<int>();
var buffer = new byte[64 * 1024];
for (var i = -2; i < requests; i++) // two warm-ups, not recorded
{
    using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
    request.Headers.Add("x-sim-token-delay-ms", delayMs);
    var clock = Stopwatch.StartNew();
    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    response.EnsureSuccessStatusCode();
    await using var stream = await response.Content.ReadAsStreamAsync();
    var arrivals = new List<double>();
    int read;
    while ((read = await stream.ReadAsync(buffer)) > 0)
    {
        var at = clock.Elapsed.TotalMilliseconds;
        // Count the SSE events in this read: a read carrying several events means they were held back together.
        var events = CountEvents(buffer.AsSpan(0, read));
        for (var e = 0; e < Math.Max(1, events); e++)
        {
            arrivals.Add(at);
        }
    }

    if (i < 0)
    {
        continue;
    }

    ttft.Add(arrivals[0]);
    spread.Add(arrivals[^1] - arrivals[0]);
    maxGap.Add(arrivals.Zip(arrivals.Skip(1), (a, b) => b - a).DefaultIfEmpty(0).Max());
    chunks.Add(arrivals.Count);
}

// One line, key=value, for run.sh to parse.
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{label} requests={requests} events={Median(chunks.Select(c => (double)c).ToList()):F0} ttft_p50_ms={Median(ttft):F3} ttft_p90_ms={Percentile(ttft, 0.9):F3} spread_p50_ms={Median(spread):F1} max_gap_p50_ms={Median(maxGap):F1}"));
return 0;

static int CountEvents(ReadOnlySpan<byte> data)
{
    var count = 0;
    int at;
    while ((at = data.IndexOf("data:"u8)) >= 0)
    {
        count++;
        data = data[(at + 5)..];
    }

    return count;
}

static double Median(List<double> values) => Percentile(values, 0.5);

static double Percentile(List<double> values, double p)
{
    var sorted = values.Order().ToList();
    return sorted.Count == 0 ? double.NaN : sorted[(int)Math.Min(sorted.Count - 1, Math.Round(p * (sorted.Count - 1)))];
}
