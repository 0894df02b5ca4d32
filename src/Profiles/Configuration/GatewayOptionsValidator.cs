using FluentValidation;
using FluentValidation.Results;
using Gateway.Profiles.Classification;
using Gateway.Profiles.Decoding;
using Gateway.Profiles.Tasks;

namespace Gateway.Profiles.Configuration;

/// <summary>
/// Rules for the whole <c>Gateway</c> section. Failures name the configuration key
/// (<c>Gateway:Profiles:chat:Temperature</c>), so a refused file or reload says exactly what to fix.
/// </summary>
public sealed class GatewayOptionsValidator : AbstractValidator<GatewayOptions>
{
    public GatewayOptionsValidator()
    {
        RuleFor(o => o).Custom(static (options, context) =>
        {
            ValidateProfiles(options.Profiles, context);
            ValidateClassifier(options.Classifier, "Gateway:Classifier", context);
            if (options.Classifier.Shadow is { } shadow)
            {
                ValidateClassifier(shadow, "Gateway:Classifier:Shadow", context);
                Require(context, "Gateway:Classifier:Shadow:Shadow", shadow.Shadow is null, "cannot be set: a shadow rule set has no shadow of its own");
            }
        });
        RuleFor(o => o.Limits.MaxRequestBodyBytes)
            .InclusiveBetween(1024, 1L << 30)
            .OverridePropertyName("Gateway:Limits:MaxRequestBodyBytes");
        RuleFor(o => o.Guard.MaxResponseBytes)
            .InclusiveBetween(1024, 1L << 30)
            .OverridePropertyName("Gateway:Guard:MaxResponseBytes");
        RuleFor(o => o.Guard.TransientBackoff)
            .InclusiveBetween(TimeSpan.Zero, TimeSpan.FromMinutes(1))
            .OverridePropertyName("Gateway:Guard:TransientBackoff");
        RuleFor(o => o.Guard.VllmVersion)
            .Must(v => Version.TryParse(v.Contains('.', StringComparison.Ordinal) ? v : v + ".0", out _))
            .WithMessage("Gateway:Guard:VllmVersion must be a version such as 0.11 or 0.12.1.")
            .OverridePropertyName("Gateway:Guard:VllmVersion");
        RuleFor(o => o).Custom(static (options, context) =>
        {
            foreach (var (section, keys) in new[] { ("ApiKeys", options.Auth.ApiKeys), ("AdminKeys", options.Auth.AdminKeys) })
            {
                foreach (var (name, hash) in keys)
                {
                    var key = $"Gateway:Auth:{section}:{name}";
                    if (hash is not { Length: 64 } || !hash.All(Uri.IsHexDigit))
                    {
                        context.AddFailure(key, $"{key} must be the SHA-256 of the key as 64 hex digits (e.g. from `printf %s KEY | sha256sum`), never the key itself.");
                    }
                }
            }

            var limits = options.RateLimits;
            if (limits.RequestsPerMinute < 0 || limits.ConcurrentRequests < 0)
            {
                context.AddFailure("Gateway:RateLimits", "Gateway:RateLimits values must not be negative.");
            }

            foreach (var (name, limit) in limits.Keys)
            {
                if (limit.RequestsPerMinute < 0 || limit.ConcurrentRequests < 0)
                {
                    context.AddFailure($"Gateway:RateLimits:Keys:{name}", $"Gateway:RateLimits:Keys:{name} values must not be negative.");
                }
            }

            var upstream = options.Upstream;
            if (upstream.TimeToFirstByte <= TimeSpan.Zero || upstream.TotalTimeout <= TimeSpan.Zero || upstream.ConnectTimeout <= TimeSpan.Zero)
            {
                context.AddFailure("Gateway:Upstream", "Gateway:Upstream timeouts must be positive.");
            }

            if (upstream.MaxConcurrentPerDestination < 0 || upstream.QueueLimit < 0)
            {
                context.AddFailure("Gateway:Upstream", "Gateway:Upstream:MaxConcurrentPerDestination and QueueLimit must not be negative.");
            }

            if (options.Limits.MaxRequestHeadersTotalSize < 1024 || options.Limits.MaxRequestHeaderCount < 8)
            {
                context.AddFailure("Gateway:Limits", "Gateway:Limits header limits are too small (at least 1024 bytes and 8 headers).");
            }
        });
        RuleFor(o => o.Guard.OnExhausted).IsInEnum().OverridePropertyName("Gateway:Guard:OnExhausted");
        RuleFor(o => o.Guard.Streaming).IsInEnum().OverridePropertyName("Gateway:Guard:Streaming");
    }

    private static void ValidateProfiles(Dictionary<string, DecodingProfile> profiles, ValidationContext<GatewayOptions> context)
    {
        var profileValidator = new DecodingProfileValidator();
        foreach (var (name, profile) in profiles)
        {
            var key = $"Gateway:Profiles:{name}";
            if (!TaskKinds.TryParse(name, out _))
            {
                context.AddFailure(key, $"{key}: '{name}' is not a task; expected one of {string.Join(", ", TaskKinds.Names)}.");
                continue;
            }

            AddFailures(context, key, profileValidator.Validate(profile));
            foreach (var (model, overlay) in profile.Models)
            {
                var modelKey = $"{key}:Models:{model}";
                if (overlay.Models.Count > 0)
                {
                    context.AddFailure($"{modelKey}:Models", $"{modelKey}:Models: a model override cannot hold overrides of its own.");
                }

                AddFailures(context, modelKey, profileValidator.Validate(profile.With(overlay)));
            }
        }

        foreach (var task in TaskKinds.Names)
        {
            if (!profiles.Keys.Any(k => string.Equals(k, task, StringComparison.OrdinalIgnoreCase)))
            {
                context.AddFailure($"Gateway:Profiles:{task}", $"Gateway:Profiles:{task}: the profile for task '{task}' is missing.");
            }
        }
    }

    private static void ValidateClassifier(ClassifierOptions classifier, string key, ValidationContext<GatewayOptions> context)
    {
        RequireTask(context, $"{key}:DefaultTask", classifier.DefaultTask);
        Require(context, $"{key}:MinScore", classifier.MinScore is >= 0 and <= 1000, "must be between 0 and 1000");
        Require(context, $"{key}:ScanWindowChars", classifier.ScanWindowChars is >= 256 and <= 1 << 20, "must be between 256 and 1048576");
        Require(context, $"{key}:ContextTurns", classifier.ContextTurns is >= 0 and <= 64, "must be between 0 and 64");
        Require(context, $"{key}:InstructionZoneChars", classifier.InstructionZoneChars >= 0, "must not be negative");
        Require(context, $"{key}:TopicFactor", classifier.TopicFactor is >= 0 and <= 1, "must be between 0 and 1");
        foreach (var (name, weight) in new[]
                 {
                     ("LastUserWeight", classifier.LastUserWeight), ("SystemWeight", classifier.SystemWeight),
                     ("ContextWeight", classifier.ContextWeight), ("MiddleFactor", classifier.MiddleFactor),
                 })
        {
            Require(context, $"{key}:{name}", weight is >= 0 and <= 100, "must be between 0 and 100");
        }

        for (var i = 0; i < classifier.TieOrder.Count; i++)
        {
            RequireTask(context, $"{key}:TieOrder:{i}", classifier.TieOrder[i]);
        }

        foreach (var (name, weight) in classifier.StructureWeights)
        {
            var structureKey = $"{key}:StructureWeights:{name}";
            Require(context, structureKey, StructureSignals.All.Contains(name, StringComparer.OrdinalIgnoreCase),
                $"is not a structure signal; expected one of {string.Join(", ", StructureSignals.All)}");
            Require(context, structureKey, weight is >= 0 and <= 1000, "must be between 0 and 1000");
        }

        foreach (var (name, signal) in classifier.Signals)
        {
            var signalKey = $"{key}:Signals:{name}";
            var builtIn = ClassifierDefaults.Signals.ContainsKey(name);
            if (!builtIn || signal.Task is not null)
            {
                RequireTask(context, $"{signalKey}:Task", signal.Task);
            }

            if (!builtIn)
            {
                Require(context, $"{signalKey}:Terms", (signal.Terms?.Count ?? 0) + signal.ExtraTerms.Count > 0,
                    "a new signal needs at least one term");
            }

            Require(context, $"{signalKey}:Weight", signal.Weight is null or (>= 0 and <= 1000), "must be between 0 and 1000");
            var terms = (signal.Terms ?? []).Select((t, i) => ($"{signalKey}:Terms:{i}", t))
                .Concat(signal.ExtraTerms.Select((t, i) => ($"{signalKey}:ExtraTerms:{i}", t)));
            foreach (var (termKey, term) in terms)
            {
                Require(context, termKey, KeywordMatcher.Normalize(term ?? "") is not null, "must contain a letter, digit or CJK character");
                Require(context, termKey, term is null || term.IndexOf('*') < 0 || term.IndexOf('*') == term.Length - 1,
                    "may hold '*' only at its end");
            }
        }

        for (var i = 0; i < classifier.Rules.Count; i++)
        {
            var rule = classifier.Rules[i];
            var ruleKey = $"{key}:Rules:{i}";
            Require(context, $"{ruleKey}:Name", !string.IsNullOrWhiteSpace(rule.Name), "is required");
            RequireTask(context, $"{ruleKey}:Task", rule.Task);
            Require(context, ruleKey, rule.Model is not null || rule.Header is not null, "needs a Model or a Header to match");
            foreach (var (patternKey, pattern) in new[] { ("Model", rule.Model), ("HeaderValue", rule.HeaderValue) })
            {
                Require(context, $"{ruleKey}:{patternKey}", pattern is null || pattern.AsSpan().Trim('*').IndexOf('*') < 0,
                    "may hold '*' only at its start or end");
            }
        }
    }

    private static void RequireTask(ValidationContext<GatewayOptions> context, string key, string? value) =>
        Require(context, key, value is not null && TaskKinds.TryParse(value, out _),
            $"must be one of {string.Join(", ", TaskKinds.Names)} (was '{value}')");

    private static void Require(ValidationContext<GatewayOptions> context, string key, bool condition, string message)
    {
        if (!condition)
        {
            context.AddFailure(key, $"{key} {message}.");
        }
    }

    private static void AddFailures(ValidationContext<GatewayOptions> context, string key, ValidationResult result)
    {
        foreach (var failure in result.Errors)
        {
            var failureKey = $"{key}:{failure.PropertyName.Replace('.', ':')}";
            context.AddFailure(failureKey, $"{failureKey}: {failure.ErrorMessage}");
        }
    }
}

/// <summary>The legal ranges of one profile's values and bounds (as OpenAI and vLLM accept them).</summary>
public sealed class DecodingProfileValidator : AbstractValidator<DecodingProfile>
{
    public DecodingProfileValidator()
    {
        RuleFor(p => p.Temperature).InclusiveBetween(0, 2);
        RuleFor(p => p.TopP).GreaterThan(0).LessThanOrEqualTo(1);
        RuleFor(p => p.TopK).GreaterThanOrEqualTo(-1);
        RuleFor(p => p.MinP).InclusiveBetween(0, 1);
        RuleFor(p => p.FrequencyPenalty).InclusiveBetween(-2, 2);
        RuleFor(p => p.PresencePenalty).InclusiveBetween(-2, 2);
        RuleFor(p => p.RepetitionPenalty).GreaterThan(0).LessThanOrEqualTo(2);
        RuleFor(p => p.MaxTokens).GreaterThanOrEqualTo(1);
        RuleFor(p => p.Mode).IsInEnum();
        When(p => p.Retry is not null, () =>
        {
            RuleFor(p => p.Retry!.MaxAttempts).InclusiveBetween(1, 10).OverridePropertyName("Retry.MaxAttempts");
            RuleFor(p => p.Retry!.TimeBudget).InclusiveBetween(TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1)).OverridePropertyName("Retry.TimeBudget");
            RuleFor(p => p.Retry!.TemperatureStep).InclusiveBetween(0, 2).OverridePropertyName("Retry.TemperatureStep");
            RuleFor(p => p.Retry!.TemperatureFactor).GreaterThan(0).LessThan(1).OverridePropertyName("Retry.TemperatureFactor");
            RuleFor(p => p.Retry!.TemperatureFloor).InclusiveBetween(0, 2).OverridePropertyName("Retry.TemperatureFloor");
        });
        When(p => p.Adaptive is not null, () =>
        {
            RuleFor(p => p.Adaptive!.Step).GreaterThan(0).LessThanOrEqualTo(1).OverridePropertyName("Adaptive.Step");
            RuleFor(p => p.Adaptive!.RecoveryStep).GreaterThan(0).LessThanOrEqualTo(1).OverridePropertyName("Adaptive.RecoveryStep");
            RuleFor(p => p.Adaptive!.RecoverAfter).GreaterThanOrEqualTo(1).OverridePropertyName("Adaptive.RecoverAfter");
            RuleFor(p => p.Adaptive!.Floor).InclusiveBetween(0, 2).OverridePropertyName("Adaptive.Floor");
        });
        When(p => p.Bounds is not null, () => RuleFor(p => p).Custom(static (profile, context) =>
        {
            foreach (var (name, value, range) in BoundedFields(profile))
            {
                if (range is { Min: { } min, Max: { } max } && min > max)
                {
                    context.AddFailure($"Bounds.{name}", "Min must not exceed Max.");
                }
                else if (value is { } v && range is not null && range.Clamp(v) != v)
                {
                    context.AddFailure("Bounds", $"The profile's own {name} must lie within its Bounds.");
                }
            }
        }));
    }

    private static IEnumerable<(string Name, double? Value, ParameterRange? Range)> BoundedFields(DecodingProfile p)
    {
        var b = p.Bounds!;
        yield return (nameof(p.Temperature), p.Temperature, b.Temperature);
        yield return (nameof(p.TopP), p.TopP, b.TopP);
        yield return (nameof(p.TopK), p.TopK, b.TopK);
        yield return (nameof(p.MinP), p.MinP, b.MinP);
        yield return (nameof(p.FrequencyPenalty), p.FrequencyPenalty, b.FrequencyPenalty);
        yield return (nameof(p.PresencePenalty), p.PresencePenalty, b.PresencePenalty);
        yield return (nameof(p.RepetitionPenalty), p.RepetitionPenalty, b.RepetitionPenalty);
        yield return (nameof(p.MaxTokens), p.MaxTokens, b.MaxTokens);
    }
}
