namespace Gateway.Simulator.Infrastructure;

/// <summary>A request problem that must reach the client as a vLLM-shaped error body.</summary>
public sealed class ApiException : Exception
{
    public ApiException()
        : this(400, VllmErrors.BadRequestPhrase, "Bad request.")
    {
    }

    public ApiException(string message)
        : this(400, VllmErrors.BadRequestPhrase, message)
    {
    }

    public ApiException(string message, Exception innerException)
        : base(message, innerException)
    {
        Status = 400;
        ErrorType = VllmErrors.BadRequestPhrase;
    }

    public ApiException(int status, string errorType, string message, string? param = null)
        : base(message)
    {
        Status = status;
        ErrorType = errorType;
        Param = param;
    }

    public int Status { get; }

    public string ErrorType { get; }

    public string? Param { get; }

    /// <summary>Pydantic-style body validation failure: vLLM answers these with type "Bad Request".</summary>
    public static ApiException Validation(string field, string kind, string msg) =>
        new(400, VllmErrors.BadRequestPhrase, $"[{{'type': '{kind}', 'loc': ('body', '{field}'), 'msg': '{msg}'}}]");

    /// <summary>A pydantic model_validator failure (ValueError), reported against the whole body.</summary>
    public static ApiException ValueError(string msg) =>
        new(400, VllmErrors.BadRequestPhrase, $"[{{'type': 'value_error', 'loc': ('body',), 'msg': 'Value error, {msg}'}}]");

    /// <summary>Semantic failure raised by vLLM's serving layer (type "BadRequestError").</summary>
    public static ApiException BadRequest(string message, string? param = null) =>
        new(400, "BadRequestError", message, param);
}
