using System.Diagnostics;
using System.Text.Json;
using Gateway.Profiles.Classification;
using Gateway.Profiles.Tasks;
using Gateway.Profiles.Tests.Requests;

namespace Gateway.Profiles.Tests.Classification;

public sealed class TaskClassifierTests
{
    private static readonly TaskClassifier BuiltIn = TaskClassifier.Create(new ClassifierOptions());

    private static TaskKind Classify(TaskClassifier classifier, string userText, string model = "qwen", IRequestHeaders? headers = null)
    {
        using var request = Bodies.User(userText, model);
        return classifier.Classify(request, headers).Task;
    }

    private static string Conversation(params (string Role, string Content)[] turns) =>
        JsonSerializer.Serialize(new { model = "qwen", messages = turns.Select(t => new { role = t.Role, content = t.Content }) });

    [Theory]
    [InlineData("Write a short poem about the rain in Paris.", TaskKind.Creative)]
    [InlineData("Translate into French: where is the rain in Paris today?", TaskKind.Summary)]
    [InlineData("Write a Python function that returns today's rainfall in Paris from an API.", TaskKind.Code)]
    [InlineData("Is it usually rainy in Paris in April?", TaskKind.Chat)]
    public void A_bare_follow_up_keeps_the_conversations_task(string first, TaskKind expected)
    {
        using var request = Bodies.Chat(Conversation(("user", first), ("assistant", "Here you go."), ("user", "and in London?")));
        Assert.Equal(expected, BuiltIn.Classify(request, null).Task);
    }

    [Fact]
    public void The_last_user_turn_outweighs_earlier_turns()
    {
        using var request = Bodies.Chat(Conversation(
            ("user", "Write a poem about autumn."), ("assistant", "Leaves fall..."), ("user", "Now summarize the key points of this poem in two bullet points.")));
        Assert.Equal(TaskKind.Summary, BuiltIn.Classify(request, null).Task);
    }

    [Fact]
    public void Tools_decide_unless_tool_choice_is_none()
    {
        const string tools = """[{"type":"function","function":{"name":"f","parameters":{"type":"object"}}}]""";
        using var withTools = Bodies.Chat($$"""{"messages":[{"role":"user","content":"Write a poem"}],"tools":{{tools}}}""");
        using var disabled = Bodies.Chat($$"""{"messages":[{"role":"user","content":"Write a poem"}],"tools":{{tools}},"tool_choice":"none"}""");
        Assert.Equal(TaskKind.FunctionCall, BuiltIn.Classify(withTools, null).Task);
        Assert.Equal(TaskKind.Creative, BuiltIn.Classify(disabled, null).Task);
    }

    [Fact]
    public void No_signal_falls_back_to_the_default_task()
    {
        var result = BuiltIn.Classify(Bodies.User("ok"), null);
        Assert.Equal(TaskKind.Chat, result.Task);
        Assert.Contains(result.Signals, s => s.Source == SignalSource.Default);
    }

    [Fact]
    public void An_extra_term_in_config_changes_the_decision()
    {
        const string text = "A eulogy for my grandfather, who loved his garden.";
        Assert.Equal(TaskKind.Chat, Classify(BuiltIn, text));
        var configured = TaskClassifier.Create(new ClassifierOptions
        {
            Signals = new(StringComparer.OrdinalIgnoreCase) { ["creative_writing"] = new() { ExtraTerms = ["eulogy"] } },
        });
        Assert.Equal(TaskKind.Creative, Classify(configured, text));
    }

    [Fact]
    public void A_weight_in_config_changes_the_decision()
    {
        const string text = "Summarize the plot of this story for me.";
        Assert.Equal(TaskKind.Summary, Classify(BuiltIn, text));
        var configured = TaskClassifier.Create(new ClassifierOptions
        {
            Signals = new(StringComparer.OrdinalIgnoreCase) { ["creative_writing"] = new() { Weight = 9 } },
        });
        Assert.Equal(TaskKind.Creative, Classify(configured, text));
    }

    [Fact]
    public void A_new_signal_and_the_tie_order_come_from_config()
    {
        Dictionary<string, KeywordSignalOptions> Signals() => new(StringComparer.OrdinalIgnoreCase)
        {
            ["house_code"] = new() { Task = "code", Weight = 4, Terms = ["zorblax"] },
            ["house_creative"] = new() { Task = "creative", Weight = 4, Terms = ["zorblax"] },
        };
        var codeFirst = TaskClassifier.Create(new ClassifierOptions { Signals = Signals() });
        var creativeFirst = TaskClassifier.Create(new ClassifierOptions { Signals = Signals(), TieOrder = ["creative", "code"] });
        Assert.Equal(TaskKind.Code, Classify(codeFirst, "zorblax"));
        Assert.Equal(TaskKind.Creative, Classify(creativeFirst, "zorblax"));
    }

    [Fact]
    public void A_disabled_signal_stops_counting()
    {
        var configured = TaskClassifier.Create(new ClassifierOptions
        {
            Signals = new(StringComparer.OrdinalIgnoreCase) { ["creative_writing"] = new() { Enabled = false } },
        });
        Assert.Equal(TaskKind.Creative, Classify(BuiltIn, "Write a short poem."));
        Assert.Equal(TaskKind.Chat, Classify(configured, "Write a short poem."));
    }

    [Fact]
    public void A_rule_on_a_model_glob_decides()
    {
        var configured = TaskClassifier.Create(new ClassifierOptions
        {
            Rules = [new ClassifierRuleOptions { Name = "coder-models", Task = "code", Model = "*-Coder-*" }],
        });
        Assert.Equal(TaskKind.Code, Classify(configured, "Write a short poem.", model: "Qwen/Qwen2.5-Coder-7B-Instruct"));
        Assert.Equal(TaskKind.Creative, Classify(configured, "Write a short poem.", model: "Qwen/Qwen2.5-7B-Instruct"));
        var result = configured.Classify(Bodies.User("hi", "x-coder-1"), null);
        Assert.Equal(SignalSource.Rule, Assert.Single(result.Signals).Source);
    }

    [Fact]
    public void A_rule_on_a_header_decides()
    {
        var configured = TaskClassifier.Create(new ClassifierOptions
        {
            Rules = [new ClassifierRuleOptions { Name = "story-app", Task = "creative", Header = "x-app", HeaderValue = "story-*" }],
        });
        const string text = "Summarize this email for me.";
        Assert.Equal(TaskKind.Creative, Classify(configured, text, headers: new Headers(new() { ["x-app"] = "story-teller" })));
        Assert.Equal(TaskKind.Summary, Classify(configured, text, headers: new Headers(new() { ["x-app"] = "mail" })));
        Assert.Equal(TaskKind.Summary, Classify(configured, text));
    }

    [Fact]
    public void A_one_megabyte_prompt_is_scanned_within_the_window()
    {
        var filler = string.Concat(Enumerable.Repeat("the quick brown fox jumps over the lazy dog. ", 12_000));
        var middle = filler + "Please translate this into French. " + filler;
        Assert.True(middle.Length > 1_000_000);
        Assert.Equal(TaskKind.Chat, Classify(BuiltIn, middle));
        Assert.Equal(TaskKind.Summary, Classify(BuiltIn, middle + "Summarize the text above."));
        Assert.Equal(TaskKind.Creative, Classify(BuiltIn, "Write a poem inspired by this text: " + middle));
    }

    [Fact]
    public void Classifying_a_typical_request_is_cheap()
    {
        using var request = Bodies.Chat(Conversation(
            ("system", "You are a helpful assistant for an online shop."),
            ("user", "Can you summarize the return policy? I bought shoes two weeks ago and they don't fit.")));
        BuiltIn.Classify(request, null);
        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < 2000; i++)
        {
            BuiltIn.Classify(request, null);
        }

        // A loose bound (typically a few microseconds each) that catches a per-term scan or backtracking.
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"{stopwatch.Elapsed.TotalMicroseconds / 2000:0.0} µs per request");
    }
}
