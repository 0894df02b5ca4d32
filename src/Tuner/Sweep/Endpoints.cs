namespace Gateway.Tuner.Sweep;

/// <summary>Accepts base URLs with or without the /v1 suffix, as vLLM users write both.</summary>
public static class Endpoints
{
    public static Uri V1(Uri baseUrl)
    {
        var path = baseUrl.AbsolutePath.TrimEnd('/');
        if (!path.EndsWith("/v1", StringComparison.Ordinal))
        {
            path += "/v1";
        }

        return new UriBuilder(baseUrl) { Path = path + "/" }.Uri;
    }

    /// <summary>The server root (without /v1), where the gateway's own endpoints live.</summary>
    public static Uri Root(Uri baseUrl)
    {
        var path = baseUrl.AbsolutePath.TrimEnd('/');
        if (path.EndsWith("/v1", StringComparison.Ordinal))
        {
            path = path[..^3];
        }

        return new UriBuilder(baseUrl) { Path = path + "/" }.Uri;
    }
}
