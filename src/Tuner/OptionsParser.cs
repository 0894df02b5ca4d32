using System.Globalization;

namespace Gateway.Tuner;

/// <summary>Parses "sweep --name value ..." into SweepOptions; every mistake is a UsageException.</summary>
public static class OptionsParser
{
    public const string Usage = """
        usage: tuner sweep --base-url URL --model NAME [options]
          --temperatures LIST     comma-separated (default 0.3,0.5,0.7,1.0,1.3)
          --samples N             samples per prompt and temperature (default 3)
          --out DIR               where report.md, report.json and chart.svg go (default tuning-out)
          --prompts FILE          JSON prompt file (default: the guide's JSON prompt, task function_call)
          --top-p X               fixed top_p (default 0.95; 'none' to leave it to the server)
          --top-k N --min-p X --repetition-penalty X --frequency-penalty X --presence-penalty X --max-tokens N
          --concurrency N         requests in flight (default 4)
          --api-key KEY           bearer key (default $OPENAI_API_KEY or 'none')
          --timeout SECONDS       per request (default 60)
          --seed-base N           sample i is sent with seed N+i (default 0); --no-seed sends none
          --target-validity R     validity a structured task must keep, 0-1 or percent (default 100%)
          --max-repetition R      free-text tasks: highest mean repetition allowed (default 0.10)
          --min-consistency R     free-text tasks: lowest consistency required (default 0)
          --compare-gateway URL   also run the prompts through the gateway, letting its profile decide
          --header NAME=VALUE     extra header on the raw requests (repeatable)
        """;

    public static SweepOptions Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        if (args.Count == 0 || args[0] != "sweep")
        {
            throw new UsageException("the first argument must be the command 'sweep'.");
        }

        var values = new Dictionary<string, string>();
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var noSeed = false;
        for (var i = 1; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--no-seed")
            {
                noSeed = true;
                continue;
            }

            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new UsageException($"expected '--option value', got '{name}'.");
            }

            var value = args[++i];
            if (name == "--header")
            {
                var eq = value.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    throw new UsageException($"--header needs NAME=VALUE, got '{value}'.");
                }

                headers[value[..eq]] = value[(eq + 1)..];
            }
            else if (!values.TryAdd(name[2..], value))
            {
                throw new UsageException($"{name} given twice.");
            }
        }

        var reader = new Reader(values);
        var options = new SweepOptions
        {
            BaseUrl = reader.Url("base-url") ?? throw new UsageException("--base-url is required."),
            Model = reader.Take("model") ?? throw new UsageException("--model is required."),
            Temperatures = reader.Temperatures() ?? [0.3, 0.5, 0.7, 1.0, 1.3],
            Samples = reader.Int("samples", 1, 1000) ?? 3,
            OutDir = reader.Take("out") ?? "tuning-out",
            PromptFile = reader.Take("prompts"),
            Fixed = new FixedParameters
            {
                TopP = reader.Take("top-p") is { } topP ? topP == "none" ? null : Number("top-p", topP, 0.0001, 1) : 0.95,
                TopK = reader.Int("top-k", -1, 100_000),
                MinP = reader.Double("min-p", 0, 1),
                FrequencyPenalty = reader.Double("frequency-penalty", -2, 2),
                PresencePenalty = reader.Double("presence-penalty", -2, 2),
                RepetitionPenalty = reader.Double("repetition-penalty", 0.0001, 10),
                MaxTokens = reader.Int("max-tokens", 1, 1_000_000),
            },
            Concurrency = reader.Int("concurrency", 1, 64) ?? 4,
            ApiKey = reader.Take("api-key") ?? environment("OPENAI_API_KEY") ?? "none",
            Timeout = TimeSpan.FromSeconds(reader.Double("timeout", 1, 3600) ?? 60),
            SeedBase = noSeed ? null : reader.Int("seed-base", 0, int.MaxValue / 2) ?? 0,
            TargetValidity = reader.Rate("target-validity") ?? 1.0,
            MaxRepetition = reader.Rate("max-repetition") ?? 0.10,
            MinConsistency = reader.Rate("min-consistency") ?? 0,
            CompareGateway = reader.Url("compare-gateway"),
            Headers = headers,
        };
        reader.RejectLeftovers();
        return options;
    }

    private static double Number(string name, string text, double min, double max) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
            ? v
            : throw new UsageException($"--{name} must be a number in [{min}, {max}], got '{text}'.");

    private sealed class Reader(Dictionary<string, string> values)
    {
        public string? Take(string name) => values.Remove(name, out var v) ? v : null;

        public int? Int(string name, int min, int max) => Take(name) is not { } text ? null
            : int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
                ? v
                : throw new UsageException($"--{name} must be an integer in [{min}, {max}], got '{text}'.");

        public double? Double(string name, double min, double max) =>
            Take(name) is { } text ? Number(name, text, min, max) : null;

        /// <summary>A share given as 0-1, or as a percent ("95%" or "95").</summary>
        public double? Rate(string name)
        {
            if (Take(name) is not { } text)
            {
                return null;
            }

            var percent = text.EndsWith('%');
            var value = Number(name, percent ? text[..^1] : text, 0, 100);
            return percent || value > 1 ? value / 100 : value;
        }

        public Uri? Url(string name) => Take(name) is not { } text ? null
            : Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                ? uri
                : throw new UsageException($"--{name} must be an http(s) URL, got '{text}'.");

        public List<double>? Temperatures()
        {
            if (Take("temperatures") is not { } text)
            {
                return null;
            }

            var list = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(t => Number("temperatures", t, 0, 2)).Distinct().Order().ToList();
            return list.Count > 0 ? list : throw new UsageException("--temperatures needs at least one value.");
        }

        public void RejectLeftovers()
        {
            if (values.Count > 0)
            {
                throw new UsageException($"unknown option --{values.Keys.First()}.");
            }
        }
    }
}
