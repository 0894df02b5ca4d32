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
    }

    public GatewayOptions Options { get; }

    /// <summary>Increases with each accepted reload.</summary>
    public long Version { get; }

    public ProfileCatalog Profiles { get; }

    public TaskClassifier Classifier { get; }

    /// <summary>Classifies the request (unless the task is forced), resolves its profile for the model and
    /// applies it to the client's values.</summary>
    public ProfileDecision Decide(CompletionRequest request, IRequestHeaders? headers, TaskKind? forcedTask)
    {
        ArgumentNullException.ThrowIfNull(request);
        var classification = forcedTask is { } task
            ? new Classification.Classification(task, [new Signal("x-gateway-task", task, 0, SignalSource.Header)])
            : Classifier.Classify(request, headers);
        var profile = Profiles.Resolve(classification.Task, request.Model);
        var effective = ProfilePolicy.Apply(request.ClientParameters, profile.Profile);
        return new ProfileDecision(classification, profile, effective);
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

/// <summary>The task, the profile and the decoding values that go upstream.</summary>
public sealed record ProfileDecision(Classification.Classification Classification, ResolvedProfile Profile, DecodingParameters Effective);
