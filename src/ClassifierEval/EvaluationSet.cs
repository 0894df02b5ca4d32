using System.Text.Json;
using Gateway.Profiles.Requests;
using Gateway.Profiles.Tasks;

namespace Gateway.ClassifierEval;

/// <summary>One labelled request: the task a person would give it, and the body exactly as a client sends it.</summary>
public sealed record EvaluationCase(string Id, TaskKind Expected, string Lang, string? Note, CompletionEndpoint Endpoint, byte[] Body);

/// <summary>Reads the JSON Lines evaluation set: <c>{"id","task","lang","note"?,"request"}</c> per line.</summary>
public static class EvaluationSet
{
    /// <summary>Where the set lives in the repository.</summary>
    public const string RelativePath = "tests/Profiles.Tests/Classification/EvaluationSet/eval-set.jsonl";

    public static IReadOnlyList<EvaluationCase> Load(string path)
    {
        var cases = new List<EvaluationCase>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var task = root.GetProperty("task").GetString() ?? "";
            if (!TaskKinds.TryParse(task, out var expected))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: '{task}' is not a task.");
            }

            var request = root.GetProperty("request");
            var endpoint = request.TryGetProperty("prompt", out _) ? CompletionEndpoint.Completions : CompletionEndpoint.ChatCompletions;
            cases.Add(new EvaluationCase(
                root.GetProperty("id").GetString() ?? $"line-{lineNumber}",
                expected,
                root.GetProperty("lang").GetString() ?? "",
                root.TryGetProperty("note", out var note) ? note.GetString() : null,
                endpoint,
                JsonSerializer.SerializeToUtf8Bytes(request)));
        }

        return cases;
    }

    /// <summary>The set in the repository that holds <paramref name="start"/>, found by walking up from it.</summary>
    public static string? Find(string start)
    {
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, RelativePath);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
