using FluentValidation;
using Gateway.ClassifierEval;
using Gateway.Profiles.Classification;
using Gateway.Profiles.Configuration;
using Microsoft.Extensions.Configuration;

// Usage: dotnet run --project src/ClassifierEval -- [eval-set.jsonl] [--config appsettings.json]
string? setPath = null, configPath = null;
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--config" && i + 1 < args.Length)
    {
        configPath = args[++i];
    }
    else if (!args[i].StartsWith("--", StringComparison.Ordinal) && setPath is null)
    {
        setPath = args[i];
    }
    else
    {
        Console.Error.WriteLine("usage: ClassifierEval [eval-set.jsonl] [--config appsettings.json]");
        return 2;
    }
}

setPath ??= EvaluationSet.Find(Directory.GetCurrentDirectory()) ?? EvaluationSet.Find(AppContext.BaseDirectory);
if (setPath is null || !File.Exists(setPath))
{
    Console.Error.WriteLine($"Evaluation set not found: {setPath ?? EvaluationSet.RelativePath}");
    return 2;
}

TaskClassifier classifier;
TaskClassifier? shadow = null;
if (configPath is null)
{
    classifier = TaskClassifier.Create(new ClassifierOptions());
}
else
{
    // Bound and validated as the host does it, so a file refused here is refused by the gateway too.
    var configuration = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(configPath), optional: false).Build();
    try
    {
        var options = configuration.GetSection(GatewayOptions.SectionName).Get<GatewayOptions>(o => o.ErrorOnUnknownConfiguration = true)
            ?? new GatewayOptions();
        var policy = GatewayPolicy.Create(options);
        classifier = policy.Classifier;
        shadow = policy.ShadowClassifier;
    }
    catch (Exception ex) when (ex is ValidationException or InvalidOperationException)
    {
        Console.Error.WriteLine(ex.Message);
        return 1;
    }
}

var cases = EvaluationSet.Load(setPath);
var report = EvaluationReport.Run(classifier, cases);
Console.WriteLine($"Evaluation set: {Path.GetRelativePath(Directory.GetCurrentDirectory(), setPath)} ({cases.Count} cases)");
Console.WriteLine($"Rules: {(configPath is null ? "built-in defaults" : $"Gateway:Classifier of {configPath}")}");
Console.WriteLine();
Console.Write(report.ToMarkdown());
Console.WriteLine();
Console.WriteLine($"Misclassified ({report.Misses.Count}):");
Console.Write(report.DescribeMisses());
if (shadow is not null)
{
    var shadowReport = EvaluationReport.Run(shadow, cases);
    Console.WriteLine();
    Console.WriteLine("Shadow rule set (Gateway:Classifier:Shadow):");
    Console.WriteLine();
    Console.Write(shadowReport.ToMarkdown());
}

return 0;
