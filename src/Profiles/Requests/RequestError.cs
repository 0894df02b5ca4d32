namespace Gateway.Profiles.Requests;

/// <summary>Why a request body was refused, in the terms of OpenAI's error object.</summary>
public sealed record RequestError(string Message, string? Param, string Code, int Status = 400)
{
    public const string InvalidJson = "invalid_json";
    public const string InvalidType = "invalid_type";
    public const string InvalidValue = "invalid_value";
    public const string MissingParameter = "missing_required_parameter";
    public const string TooLarge = "request_too_large";

    public static RequestError WrongType(string param, string expected) =>
        new($"Invalid type for '{param}': expected {expected}.", param, InvalidType);

    public static RequestError OutOfRange(string param, string range) =>
        new($"Invalid value for '{param}': must be {range}.", param, InvalidValue);

    public static RequestError Missing(string param) =>
        new($"Missing required parameter: '{param}'.", param, MissingParameter);
}
