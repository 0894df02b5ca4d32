using Gateway.Profiles.Classification;

namespace Gateway.Proxy;

/// <summary>The request's headers as the classifier's rules read them.</summary>
internal sealed class HeaderView(IHeaderDictionary headers) : IRequestHeaders
{
    public string? this[string name] => headers.TryGetValue(name, out var value) ? value.ToString() : null;
}
