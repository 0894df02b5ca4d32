namespace Gateway.Profiles.Classification;

/// <summary>
/// The built-in rules: what the tuning guide's five tasks look like in English and Chinese requests.
/// Weights: structure (tools, response_format) decides outright; an explicit ask (summarise, translate,
/// write a poem, JSON only) outweighs topic words (a language name, "error"), which outweigh small talk.
/// </summary>
public static class ClassifierDefaults
{
    public static IReadOnlyList<string> TieOrder { get; } = ["function_call", "code", "summary", "creative", "chat"];

    public static IReadOnlyDictionary<string, double> StructureWeights { get; } = new Dictionary<string, double>
    {
        [StructureSignals.Tools] = 10,
        [StructureSignals.ResponseFormat] = 10,
        [StructureSignals.CodeFence] = 2.5,
        [StructureSignals.CodeLines] = 2,
        [StructureSignals.StackTrace] = 3,
    };

    public static IReadOnlyDictionary<string, KeywordSignalOptions> Signals { get; } =
        new Dictionary<string, KeywordSignalOptions>(StringComparer.OrdinalIgnoreCase)
        {
            ["json_only"] = new()
            {
                Task = "function_call",
                Weight = 5,
                Terms =
                [
                    "json only", "only json", "json-only", "only return json", "return only json", "return json",
                    "respond with json", "respond in json", "respond only with json", "respond only in json",
                    "reply with json", "reply in json", "answer in json", "output json", "output only json",
                    "only output json", "in json format", "as a json object", "as json object", "valid json",
                    "json object with", "json with keys", "json with the keys", "json array of", "following json schema",
                    "following json format", "strict json", "raw json", "no prose", "without any explanation",
                    "只返回json", "只输出json", "仅返回json", "仅输出json", "只回复json", "返回json", "输出json",
                    "以json格式", "json格式输出", "json格式返回", "用json格式", "json格式回答", "严格的json", "不要解释",
                ],
            },
            ["extraction"] = new()
            {
                Task = "function_call",
                Weight = 2,
                Terms = ["extract the", "extract all", "parse the following into", "structured data", "key-value pairs", "提取", "抽取", "结构化"],
            },
            ["summarize"] = new()
            {
                Task = "summary",
                Weight = 4,
                Terms =
                [
                    "summar*", "tl;dr", "tldr", "key points", "main points", "key takeaways", "takeaways", "recap*",
                    "condense", "in a nutshell", "gist", "bullet points", "sum up", "boil down", "main ideas",
                    "briefly describe", "outline the main", "abstract for", "executive summary", "digest of",
                    "总结", "概括", "摘要", "归纳", "要点", "概述", "简述", "提炼", "梳理", "核心观点", "主要内容", "回顾", "纪要",
                ],
            },
            ["translate"] = new()
            {
                Task = "summary",
                Weight = 4.5,
                Terms =
                [
                    "translat*", "into english", "into chinese", "into french", "into german", "into spanish",
                    "into japanese", "to english", "to chinese", "in english", "in chinese", "localize", "localise",
                    "翻译", "译成", "翻成", "译为", "英译中", "中译英", "译文", "英文版", "中文版", "用英文", "用中文", "改成英文",
                ],
            },
            ["creative_writing"] = new()
            {
                Task = "creative",
                Weight = 4,
                Terms =
                [
                    "poem", "poems", "poetry", "haiku", "sonnet", "limerick", "verse", "rhyme*", "story", "stories",
                    "short story", "tale", "fairy tale", "fable", "lyrics", "song", "rap", "ballad", "slogan*",
                    "tagline*", "catchphrase", "jingle", "brainstorm*", "fiction", "fantasy", "novel", "screenplay",
                    "scene", "plot", "character", "imagine", "once upon a time", "creative", "metaphor", "riddle",
                    "joke", "jokes", "toast", "names for", "ideas for",
                    "诗", "写一首", "故事", "小说", "歌词", "口号", "标语", "广告语", "创意", "头脑风暴", "剧本", "童话",
                    "寓言", "散文", "对联", "想象", "段子", "笑话", "起名", "取名", "文案",
                ],
            },
            ["role_play"] = new()
            {
                Task = "creative",
                Weight = 3.5,
                Terms =
                [
                    "role play", "role-play", "roleplay", "pretend you are", "pretend to be", "stay in character",
                    "in character", "you are a pirate", "play the role", "let's play", "dungeon master", "game master",
                    "角色扮演", "扮演", "假装你是", "你现在是一个", "你来演",
                ],
            },
            ["code_language"] = new()
            {
                Task = "code",
                Weight = 3,
                Terms =
                [
                    "python", "javascript", "typescript", "java", "c#", "c++", "csharp", "golang", "rust", "kotlin",
                    "scala", "ruby", "php", "perl", "haskell", "elixir", "swiftui", "objective-c", "sql", "mysql",
                    "postgres*", "sqlite", "regex*", "regular expression", "bash", "shell script", "powershell", "zsh",
                    "dockerfile", "docker", "docker-compose", "kubernetes", "kubectl", "helm", "yaml", "toml", "nginx",
                    "terraform", "ansible", "makefile", "cmake", "webpack", "react", "vue", "angular", "django",
                    "flask", "fastapi", "spring boot", "asp.net", "dotnet", "node.js", "nodejs", "npm",
                    "pip", "git", "linux", "html", "css", "pandas", "numpy", "pytorch", "tensorflow", "jquery",
                ],
            },
            ["code_task"] = new()
            {
                Task = "code",
                Weight = 3,
                Terms =
                [
                    "code", "coding", "function", "refactor*", "debug*", "bug", "bugs", "compile*", "implement*",
                    "algorithm", "unit test*", "snippet", "script", "program", "source code", "code review",
                    "review this code", "this code", "pull request", "stack trace", "traceback", "exception",
                    "segfault", "null pointer", "syntax error", "query", "database schema", "api endpoint",
                    "endpoint", "class", "method", "variable", "recursion", "big-o", "time complexity", "cron",
                    "代码", "函数", "编程", "程序", "报错", "调试", "正则", "脚本", "数据库", "查询语句", "算法", "重构",
                    "编译", "接口", "变量", "单元测试", "异常", "配置文件",
                ],
            },
            ["conversation"] = new()
            {
                Task = "chat",
                Weight = 1.5,
                Terms =
                [
                    "hello", "hi", "hey", "thanks", "thank you", "how are you", "what do you think", "advice",
                    "recommend", "should i", "can you help", "tell me about", "what is", "why is", "how do i",
                    "你好", "谢谢", "建议", "怎么办", "为什么", "推荐", "请问", "你觉得",
                ],
            },
        };
}

/// <summary>Names of the signals read from the request's structure rather than its words.</summary>
public static class StructureSignals
{
    public const string Tools = "tools";
    public const string ResponseFormat = "response_format";
    public const string CodeFence = "code_fence";
    public const string CodeLines = "code_lines";
    public const string StackTrace = "stack_trace";

    public static IReadOnlyList<string> All { get; } = [Tools, ResponseFormat, CodeFence, CodeLines, StackTrace];
}
