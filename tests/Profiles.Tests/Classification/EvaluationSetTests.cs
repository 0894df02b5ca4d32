using Gateway.ClassifierEval;
using Gateway.Profiles.Classification;
using Gateway.Profiles.Tasks;
using Xunit.Abstractions;

namespace Gateway.Profiles.Tests.Classification;

/// <summary>The built-in rules against the labelled evaluation set: the accuracy the docs promise.</summary>
public sealed class EvaluationSetTests(ITestOutputHelper output)
{
    private const double MinAccuracy = 0.95;
    private const double MinRecallPerTask = 0.90;

    private static readonly IReadOnlyList<EvaluationCase> Cases =
        EvaluationSet.Load(Path.Combine(AppContext.BaseDirectory, "Classification", "EvaluationSet", "eval-set.jsonl"));

    [Fact]
    public void Built_in_rules_hold_the_accuracy_threshold_overall_and_per_task()
    {
        var report = EvaluationReport.Run(TaskClassifier.Create(new ClassifierOptions()), Cases);
        output.WriteLine(report.ToMarkdown());
        output.WriteLine(report.DescribeMisses());

        var correct = Cases.Count(c => report.Misses.All(m => m.Case.Id != c.Id));
        var failures = new List<string>();
        if ((double)correct / Cases.Count < MinAccuracy)
        {
            failures.Add($"accuracy {(double)correct / Cases.Count:P1} < {MinAccuracy:P0}");
        }

        foreach (var task in TaskKinds.All)
        {
            var labelled = Cases.Count(c => c.Expected == task);
            var right = Cases.Count(c => c.Expected == task && report.Misses.All(m => m.Case.Id != c.Id));
            if ((double)right / labelled < MinRecallPerTask)
            {
                failures.Add($"{task.ToName()} {right}/{labelled} < {MinRecallPerTask:P0}");
            }
        }

        Assert.True(failures.Count == 0,
            $"{string.Join("; ", failures)}\n\n{report.ToMarkdown()}\nMisclassified:\n{report.DescribeMisses()}");
    }

    [Fact]
    public void Set_is_large_balanced_bilingual_and_has_hard_cases()
    {
        Assert.True(Cases.Count >= 220, $"{Cases.Count} cases");
        Assert.Equal(Cases.Count, Cases.Select(c => c.Id).Distinct().Count());
        foreach (var task in TaskKinds.All)
        {
            Assert.True(Cases.Count(c => c.Expected == task) >= 40, task.ToName());
        }

        var chinese = Cases.Count(c => c.Lang == "zh");
        Assert.InRange((double)chinese / Cases.Count, 0.35, 0.6);
        Assert.True(Cases.Count(c => c.Note is not null) >= 30);
    }

    [Fact]
    public void Report_counts_a_wrong_classifier_as_wrong()
    {
        // Guards the guard: a classifier that always says chat must score one fifth, with chat's precision at one fifth.
        var report = EvaluationReport.Run(new Always(TaskKind.Chat), Cases);
        var chats = Cases.Count(c => c.Expected == TaskKind.Chat);
        Assert.Equal(chats, report.Correct);
        Assert.Equal(Cases.Count - chats, report.Misses.Count);
        Assert.Equal((double)chats / Cases.Count, report.Precision(TaskKind.Chat), 6);
        Assert.Equal(0, report.Recall(TaskKind.Code));
    }

    private sealed class Always(TaskKind task) : ITaskClassifier
    {
        public Gateway.Profiles.Classification.Classification Classify(Gateway.Profiles.Requests.CompletionRequest request, IRequestHeaders? headers) =>
            new(task, []);
    }
}
