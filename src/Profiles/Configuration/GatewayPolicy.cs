using Gateway.Profiles.Classification;
using Gateway.Profiles.Decoding;
using Gateway.Profiles.Requests;
using Gateway.Profiles.Tasks;

namespace Gateway.Profiles.Configuration;

/// <summary>
/// One validated configuration, compiled for the hot path: the profiles and the classifier. Hot reload
/// swaps a whole policy, so a request always sees one consistent version.
/// </summary>
public sealed class GatewayPolicy
{
    private GatewayPolicy(GatewayOptions options, long version)
    {
        Options = options;
        Version = version;
        Profiles = new ProfileCatalog(options.Profiles);
        Classifier = TaskClassifier.Create(options.Classifier);
        ShadowClassifier = options.Classifier.Shadow is { } shadow ? TaskClassifier.Create(shadow) : null;
    }

    public GatewayOptions Options { get; }

    /// <summary>Increases with each accepted reload.</summary>
    public long Version { get; }

    public ProfileCatalog Profiles { get; }

    public TaskClassifier Classifier { get; }

    /// <summary>The shadow rule set (<c>Gateway:Classifier:Shadow</c>), or null when none is configured.</summary>
    public TaskClassifier? ShadowClassifier { get; }

    /// <summary>Classifies the request (unless the task is forced), resolves its profile for the model and
    /// applies it to the client's values. A configured shadow rule set classifies it too, for comparison only.</summary>
    public ProfileDecision Decide(CompletionRequest request, IRequestHeaders? headers, TaskKind? forcedTask)
    {
        ArgumentNullException.ThrowIfNull(request);
        Classification.Classification classification;
        Classification.Classification? shadow = null;
        if (forcedTask is { } task)
        {
            // The header decides the task; what the classifier found still explains the request (and tells the
            // guard that a prompt asks for JSON only).
            var found = Classifier.Classify(request, headers);
            classification = new Classification.Classification(
                task, [new Signal("x-gateway-task", task, 0, SignalSource.Header), .. found.Signals.Where(s => s.Source != SignalSource.Default)]);
        }
        else
        {
            classification = Classifier.Classify(request, headers);
            shadow = ShadowClassifier?.Classify(request, headers);
        }

        var profile = Profiles.Resolve(classification.Task, request.Model);
        var effective = ProfilePolicy.Apply(request.ClientParameters, profile.Profile);
        return new ProfileDecision(classification, profile, effective, shadow);
    }

    /// <summary>Validates <paramref name="options"/> and compiles it; throws <see cref="FluentValidation.ValidationException"/>
    /// listing every failure by configuration key.</summary>
    public static GatewayPolicy Create(GatewayOptions options, long version = 1)
    {
        ArgumentNullException.ThrowIfNull(options);
        var result = new GatewayOptionsValidator().Validate(options);
        if (!result.IsValid)
        {
            throw new FluentValidation.ValidationException(
                "Invalid gateway configuration: " + string.Join(" ", result.Errors.Select(e => e.ErrorMessage)),
                result.Errors);
        }

        return new GatewayPolicy(options, version);
    }
}

/// <summary>The task, the profile and the decoding values that go upstream. <paramref name="Shadow"/> is the shadow
/// rule set's classification, null when no shadow is configured or the task was forced by header.</summary>
public sealed record ProfileDecision(
    Classification.Classification Classification,
    ResolvedProfile Profile,
    DecodingParameters Effective,
    Classification.Classification? Shadow = null)
{
    /// <summary>True when a shadow rule set ran and chose another task than the active one.</summary>
    public bool ShadowDisagrees => Shadow is not null && Shadow.Task != Classification.Task;
}
