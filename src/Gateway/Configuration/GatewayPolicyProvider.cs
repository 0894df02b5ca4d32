using FluentValidation;
using Gateway.Profiles.Configuration;
using Microsoft.Extensions.Primitives;

namespace Gateway.Configuration;

/// <summary>
/// Holds the policy in force. At start an invalid <c>Gateway</c> section stops the host with a message naming
/// each bad key; on reload an invalid edit is refused and logged, and the last good policy stays, as YARP's
/// ConfigurationConfigProvider does for routes.
/// </summary>
/// <remarks>
/// The section is bound and validated here rather than through a validated <c>IOptionsMonitor</c>: a monitor
/// with validators throws from its change callback and from every later read until the file is fixed.
/// </remarks>
public sealed partial class GatewayPolicyProvider : IDisposable
{
    private readonly IConfigurationSection _section;
    private readonly ILogger<GatewayPolicyProvider> _logger;
    private readonly IDisposable _subscription;
    private GatewayPolicy _current;

    public GatewayPolicyProvider(IConfiguration configuration, ILogger<GatewayPolicyProvider> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(logger);
        _section = configuration.GetSection(GatewayOptions.SectionName);
        _logger = logger;
        _current = GatewayPolicy.Create(Bind(_section));
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    public GatewayPolicy Current => Volatile.Read(ref _current);

    /// <summary>Raised after a new policy took effect.</summary>
    public event Action<GatewayPolicy>? Changed;

    public void Dispose() => _subscription.Dispose();

    internal static GatewayOptions Bind(IConfigurationSection section)
    {
        try
        {
            return section.Get<GatewayOptions>(o => o.ErrorOnUnknownConfiguration = true) ?? new GatewayOptions();
        }
        catch (InvalidOperationException ex)
        {
            // The innermost message names what the binder could not place or convert (a misspelt key, a word for a number).
            var reason = ex.GetBaseException().Message;
            throw new ValidationException($"Invalid gateway configuration under '{section.Path}': {reason}", [new FluentValidation.Results.ValidationFailure(section.Path, reason)]);
        }
    }

    private void Reload()
    {
        var previous = Current;
        try
        {
            var next = GatewayPolicy.Create(Bind(_section), previous.Version + 1);
            Volatile.Write(ref _current, next);
            LogReloaded(next.Version);
            Changed?.Invoke(next);
        }
        catch (ValidationException ex)
        {
            LogRefused(previous.Version, string.Join(" ", ex.Errors.Select(e => e.ErrorMessage)));
        }
    }

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Gateway configuration reloaded: version {Version} is in force.")]
    private partial void LogReloaded(long version);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "Gateway configuration change refused; version {Version} stays in force. {Reason}")]
    private partial void LogRefused(long version, string reason);
}
