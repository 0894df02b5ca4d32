using System.Text;

namespace Gateway.Simulator.Generation;

/// <summary>Plain-text answers: a few harmless sentences picked by the request RNG, in Chinese for Chinese prompts.</summary>
public static class TextComposer
{
    private static readonly string[] English =
    [
        "Here is a short overview of the topic.",
        "The main idea is to keep things simple and measurable.",
        "Start with a small example and extend it step by step.",
        "Each step should be easy to verify before moving on.",
        "It helps to write down the assumptions first.",
        "Performance usually depends on the size of the input.",
        "A clear naming scheme makes the result easier to read.",
        "Testing early saves time later in the process.",
        "Consider the trade-offs between speed and accuracy.",
        "In most cases the default settings work well.",
        "Small, focused changes are easier to review.",
        "Let me know if you would like more detail on any part.",
    ];

    private static readonly string[] Chinese =
    [
        "这是一个简短的概述。",
        "核心思路是保持简单并且可以衡量。",
        "先从一个小例子开始，再逐步扩展。",
        "每一步都应该容易验证。",
        "最好先把前提条件写下来。",
        "性能通常取决于输入的规模。",
        "清晰的命名能让结果更易读。",
        "尽早测试可以节省后续的时间。",
        "需要在速度和准确性之间权衡。",
        "大多数情况下默认设置就够用了。",
        "如果需要更多细节，请告诉我。",
    ];

    public static string Compose(SimRandom random, bool chinese)
    {
        var bank = chinese ? Chinese : English;
        var count = random.Next(3, 6);
        var remaining = bank.ToList();
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            if (i > 0 && !chinese)
            {
                sb.Append(' ');
            }

            // Without replacement: a model rarely repeats a sentence verbatim.
            var index = random.Next(0, remaining.Count);
            sb.Append(remaining[index]);
            remaining.RemoveAt(index);
        }

        return sb.ToString();
    }
}
