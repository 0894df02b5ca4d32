namespace Gateway.Profiles.Classification;

/// <summary>
/// The built-in rules: what the tuning guide's five tasks look like in English and Chinese requests.
/// Weights: structure (tools, response_format) decides outright; a JSON-only instruction outranks any other ask;
/// an explicit ask (summarise, translate, write a poem) outweighs topic words (a language name, "error"), and a
/// topic yields further when another task is asked for in the same message; small talk weighs least.
/// </summary>
public static class ClassifierDefaults
{
    public static IReadOnlyList<string> TieOrder { get; } = ["function_call", "code", "summary", "creative", "chat"];

    public static IReadOnlyDictionary<string, double> StructureWeights { get; } = new Dictionary<string, double>
    {
        [StructureSignals.Tools] = 20,
        [StructureSignals.ResponseFormat] = 20,
        [StructureSignals.CodeFence] = 2.5,
        [StructureSignals.CodeLines] = 2,
        [StructureSignals.StackTrace] = 3,
    };

    public static IReadOnlyDictionary<string, KeywordSignalOptions> Signals { get; } =
        new Dictionary<string, KeywordSignalOptions>(StringComparer.OrdinalIgnoreCase)
        {
            // An output constraint outranks what the text is about: a JSON-only summary is a function_call.
            ["json_only"] = new()
            {
                Task = "function_call",
                Weight = 8,
                Terms =
                [
                    "json only", "only json", "json-only", "return only json", "return json only", "respond with json",
                    "respond in json", "respond only with json", "respond only in json", "reply with json", "reply in json",
                    "answer in json", "answer with a json", "output json", "output only json", "only output json",
                    "in json format", "as json", "as a json object", "as json object", "a json object", "single json object",
                    "json object only", "json object with", "json object of", "json with keys", "json with the keys",
                    "json array", "json list", "only a json", "return a json", "following json schema",
                    "following json format", "strict json", "strictly valid json", "return valid json", "output valid json",
                    "raw json", "no prose", "outside the json", "output nothing else", "no other text",
                    "只返回json", "只输出json", "仅返回json", "仅输出json", "只回复json", "只要json", "返回json", "输出json",
                    "输出为json", "以json格式", "json格式输出", "json格式返回", "用json格式", "json格式回答", "严格的json",
                    "合法的json", "合法json", "json对象", "json数组", "不要输出任何其他", "不要输出其他", "不要其他文字",
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
                Weight = 5,
                Terms =
                [
                    "summar*", "tl;dr", "tldr", "key points", "main points", "key takeaways", "takeaways", "recap*",
                    "condense", "in a nutshell", "gist", "bullet points", "sum up", "boil down", "boil this down",
                    "main ideas", "main themes", "outline the main", "abstract for", "executive summary", "digest of",
                    "shorten", "make it shorter", "in a few sentences", "in one sentence", "in one line",
                    "总结", "概括", "摘要", "归纳", "要点", "概述", "简述", "提炼", "梳理", "核心观点", "主要内容", "回顾", "纪要",
                    "讲了什么", "说了什么", "讲的是什么", "几句话", "简单说", "结论是什么", "读书笔记",
                ],
            },
            // The ask to translate into a natural language; code "translated" into another language is code.
            ["translate"] = new()
            {
                Task = "summary",
                Weight = 4.5,
                Terms =
                [
                    "into english", "into chinese", "into french", "into german", "into spanish", "into japanese",
                    "into korean", "into italian", "into portuguese", "into russian", "to english", "to chinese",
                    "translate the comments", "translate comments", "localize", "localise",
                    "翻译成中文", "翻译成英文", "翻译成日文", "翻译成普通话", "翻成中文", "翻成英文", "译成中文", "译成英文",
                    "英译中", "中译英", "注释翻译", "翻译注释", "成普通话", "翻译一下", "帮我翻译", "译文",
                ],
            },
            ["translate_word"] = new()
            {
                Task = "summary",
                Weight = 4,
                Topic = true,
                Terms = ["translat*", "翻译", "译成", "翻成", "译为", "英文版", "中文版"],
            },
            ["language_name"] = new()
            {
                Task = "summary",
                Weight = 2,
                Topic = true,
                Terms =
                [
                    "english", "chinese", "french", "german", "spanish", "japanese", "korean", "italian", "portuguese",
                    "英文", "中文", "日文", "英语", "法语", "德语", "日语", "韩语", "普通话", "粤语",
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
                    "joke", "jokes", "toast", "names for", "ideas for", "in the style of", "diary", "sci-fi",
                    "诗", "写一首", "故事", "小说", "歌词", "口号", "标语", "广告语", "创意", "头脑风暴", "剧本", "童话",
                    "寓言", "散文", "对联", "春联", "横批", "想象", "段子", "笑话", "起名", "取名", "起几个", "文案", "相声",
                    "小品", "开场白", "致辞", "祝福语", "副歌", "文风", "风格写", "科幻", "武侠", "想几个", "点子",
                ],
            },
            ["role_play"] = new()
            {
                Task = "creative",
                Weight = 5,
                Terms =
                [
                    "role play", "role-play", "roleplay", "pretend", "stay in character", "in character", "play the role",
                    "let's play", "dungeon master", "game master",
                    "角色扮演", "扮演", "假装你是", "你现在是", "你来演", "口吻",
                ],
            },
            // Languages and tools say what a request is about, not what it asks: topics.
            ["code_language"] = new()
            {
                Task = "code",
                Weight = 2.5,
                Topic = true,
                Terms =
                [
                    "python*", "javascript", "typescript", "java*", "c#", "c++", "csharp", "golang", "rust", "kotlin",
                    "scala", "ruby", "php", "perl", "haskell", "elixir", "swiftui", "objective-c", "sql", "mysql",
                    "postgres*", "sqlite", "regex*", "regular expression", "bash", "shell script", "powershell", "zsh",
                    "dockerfile", "docker", "docker-compose", "kubernetes", "k8s", "kubectl", "helm", "yaml", "toml", "nginx",
                    "terraform", "ansible", "makefile", "cmake", "webpack", "react", "vue*", "angular", "django",
                    "flask", "fastapi", "spring boot", "asp.net", "dotnet", "node.js", "nodejs", "npm", "pip", "git",
                    "github actions", "gitlab ci", "jenkins", "linux", "html", "css", "pandas", "numpy", "pytorch",
                    "tensorflow", "jquery", "cron*", "xargs", "grep", "awk", "editorconfig", "prettier", "eslint",
                    "join", "left join", "inner join", "group by", "pod", "pods", "crashloopbackoff", "container*",
                ],
            },
            ["code_task"] = new()
            {
                Task = "code",
                Weight = 3,
                Terms =
                [
                    "refactor*", "debug*", "implement*", "unit test*", "write a function", "write code", "code review",
                    "review this code", "fix this", "fix the bug", "port this", "port it", "rewrite this in", "convert this",
                    "写代码", "调试", "重构", "实现一个", "单元测试", "review 一下", "帮我 review", "改成 python",
                ],
            },
            ["code_topic"] = new()
            {
                Task = "code",
                Weight = 3,
                Topic = true,
                Terms =
                [
                    "code", "coding", "function", "bug", "bugs", "compile*", "algorithm", "snippet", "script", "program",
                    "source code", "stack trace", "traceback", "exception", "segfault", "null pointer", "syntax error",
                    "query", "database schema", "api endpoint", "endpoint", "class", "method", "variable", "recursion",
                    "big-o", "time complexity", "hashmap", "treemap", "async", "await", "callback*", "floats", "workflow",
                    "代码", "函数", "编程", "程序", "报错", "正则", "脚本", "数据库", "查询语句", "算法", "编译", "接口",
                    "变量", "异常", "配置文件", "线程", "并发", "索引", "端口", "进程", "递归", "排序",
                    "http", "客户端", "服务端",
                ],
            },
            ["advice"] = new()
            {
                Task = "chat",
                Weight = 3,
                Terms =
                [
                    "should i take", "should i accept", "is it worth", "worth it", "worth learning", "career", "advice", "recommend",
                    "what do you think", "值得", "要不要", "该不该", "建议", "推荐", "找工作", "转行", "怎么办", "比较合适",
                    "有什么办法",
                ],
            },
            ["conversation"] = new()
            {
                Task = "chat",
                Weight = 1.5,
                Topic = true,
                Terms =
                [
                    "hello", "hi", "hey", "thanks", "thank you", "how are you", "can you help", "tell me about",
                    "what is", "why is", "how do i", "should i", "你好", "谢谢", "为什么", "请问", "你觉得",
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
