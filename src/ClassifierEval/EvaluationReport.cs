using System.Globalization;
using System.Text;
using Gateway.Profiles.Classification;
using Gateway.Profiles.Requests;
using Gateway.Profiles.Tasks;

namespace Gateway.ClassifierEval;

/// <summary>A case the classifier got wrong, with the evidence it decided on.</summary>
public sealed record Miss(EvaluationCase Case, TaskKind Actual, string Signals);

/// <summary>How a classifier did on an evaluation set: the confusion matrix and what follows from it.</summary>
public sealed class EvaluationReport
{
    private readonly int[,] _matrix = new int[TaskKinds.All.Count, TaskKinds.All.Count];
    private readonly List<Miss> _misses = [];

    private EvaluationReport()
    {
    }

    public int Total { get; private set; }

    public int Correct { get; private set; }

    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    public IReadOnlyList<Miss> Misses => _misses;

    /// <summary>How many cases labelled <paramref name="expected"/> were classified <paramref name="actual"/>.</summary>
    public int Count(TaskKind expected, TaskKind actual) => _matrix[(int)expected, (int)actual];

    /// <summary>Share of the cases labelled <paramref name="task"/> that were classified so.</summary>
    public double Recall(TaskKind task) => Ratio(Count(task, task), Row(task));

    /// <summary>Share of the cases classified <paramref name="task"/> that were labelled so.</summary>
    public double Precision(TaskKind task) => Ratio(Count(task, task), Column(task));

    public static EvaluationReport Run(ITaskClassifier classifier, IEnumerable<EvaluationCase> cases)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(cases);
        var report = new EvaluationReport();
        foreach (var item in cases)
        {
            using var request = CompletionRequest.Parse(item.Body, item.Endpoint, out var error)
                ?? throw new InvalidDataException($"{item.Id}: {error?.Message}");
            var classification = classifier.Classify(request, headers: null);
            report._matrix[(int)item.Expected, (int)classification.Task]++;
            report.Total++;
            if (classification.Task == item.Expected)
            {
                report.Correct++;
            }
            else
            {
                report._misses.Add(new Miss(item, classification.Task, string.Join(" ", classification.Describe())));
            }
        }

        return report;
    }

    /// <summary>Accuracy, per-task precision and recall, and the confusion matrix as Markdown tables.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Accuracy: {Accuracy:P1} ({Correct}/{Total})\n\n");
        text.Append("| task | cases | precision | recall |\n|---|---:|---:|---:|\n");
        foreach (var task in TaskKinds.All)
        {
            text.Append(CultureInfo.InvariantCulture, $"| {task.ToName()} | {Row(task)} | {Precision(task):P1} | {Recall(task):P1} |\n");
        }

        text.Append("\nConfusion matrix (rows: labelled task, columns: classified task)\n\n| labelled \\ classified |");
        foreach (var task in TaskKinds.All)
        {
            text.Append(CultureInfo.InvariantCulture, $" {task.ToName()} |");
        }

        text.Append("\n|---|").Append(string.Concat(Enumerable.Repeat("---:|", TaskKinds.All.Count))).Append('\n');
        foreach (var expected in TaskKinds.All)
        {
            text.Append(CultureInfo.InvariantCulture, $"| **{expected.ToName()}** |");
            foreach (var actual in TaskKinds.All)
            {
                var count = Count(expected, actual).ToString(CultureInfo.InvariantCulture);
                text.Append(expected == actual ? $" **{count}** |" : $" {count} |");
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    /// <summary>One line per misclassified case: id, labelled and classified task, and the signals.</summary>
    public string DescribeMisses() => string.Concat(_misses.Select(m =>
        $"{m.Case.Id}: labelled {m.Case.Expected.ToName()}, classified {m.Actual.ToName()} [{m.Signals}]{(m.Case.Note is null ? "" : $" ({m.Case.Note})")}\n"));

    private int Row(TaskKind task) => TaskKinds.All.Sum(actual => Count(task, actual));

    private int Column(TaskKind task) => TaskKinds.All.Sum(expected => Count(expected, task));

    private static double Ratio(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
}
