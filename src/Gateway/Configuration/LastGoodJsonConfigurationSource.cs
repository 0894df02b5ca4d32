using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace Gateway.Configuration;

/// <summary>
/// A JSON file source that keeps the last good content when the file is deleted, truncated or not valid JSON
/// while the gateway runs; the stock JSON provider would empty the configuration, dropping every route.
/// </summary>
internal sealed class LastGoodJsonConfigurationSource(string path) : IConfigurationSource
{
    public string Path { get; } = System.IO.Path.GetFullPath(path);

    /// <summary>Raised when a changed file could not be read; the previous content stays in force.</summary>
    public event Action<string, Exception>? ReloadFailed;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(this);

    private sealed class Provider : ConfigurationProvider, IDisposable
    {
        private readonly LastGoodJsonConfigurationSource _source;
        private readonly PhysicalFileProvider _files;
        private readonly IDisposable _watch;

        public Provider(LastGoodJsonConfigurationSource source)
        {
            _source = source;
            _files = new PhysicalFileProvider(System.IO.Path.GetDirectoryName(source.Path)!);
            var name = System.IO.Path.GetFileName(source.Path);
            _watch = ChangeToken.OnChange(() => _files.Watch(name), Reload);
        }

        public override void Load() => Data = Parse(); // at start a bad file stops the host

        public void Dispose()
        {
            _watch.Dispose();
            _files.Dispose();
        }

        private void Reload()
        {
            try
            {
                // Editors write in steps: wait for the write to settle, as the stock provider does.
                Thread.Sleep(250);
                Data = Parse();
                OnReload();
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or UnauthorizedAccessException)
            {
                _source.ReloadFailed?.Invoke(_source.Path, ex);
            }
        }

        private IDictionary<string, string?> Parse()
        {
            using var stream = new FileStream(_source.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            try
            {
                return Parser.Parse(stream);
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or FormatException)
            {
                throw new InvalidDataException($"'{_source.Path}' is not valid JSON: {ex.Message}", ex);
            }
        }
    }

    // Reuses the stock JSON flattening (keys as "A:B:0") without its reload behaviour.
    private sealed class Parser() : JsonStreamConfigurationProvider(new JsonStreamConfigurationSource())
    {
        public static IDictionary<string, string?> Parse(Stream stream)
        {
            var parser = new Parser();
            parser.Load(stream);
            return parser.Data;
        }
    }
}
