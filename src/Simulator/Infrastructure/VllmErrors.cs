using System.Text.Json.Nodes;

namespace Gateway.Simulator.Infrastructure;

/// <summary>Writes errors the way current vLLM does: {"error":{"message","type","param","code"}} with code = HTTP status.</summary>
public static class VllmErrors
{
    /// <summary>vLLM's RequestValidationError handler uses HTTPStatus.BAD_REQUEST.phrase as the type.</summary>
    public const string BadRequestPhrase = "Bad Request";

    public static string TypeFor(int status) => status switch
    {
        400 => "BadRequestError",
        401 => "Unauthorized",
        404 => "NotFoundError",
        408 => "Request Timeout",
        413 => "Request Entity Too Large",
        422 => "UnprocessableEntityError",
        429 => "Too Many Requests",
        500 => "InternalServerError",
        501 => "NotImplementedError",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Error",
    };

    public static JsonObject Body(int status, string type, string message, string? param) => new()
    {
        ["error"] = new JsonObject
        {
            ["message"] = message,
            ["type"] = type,
            ["param"] = param,
            ["code"] = status,
        },
    };

    public static Task WriteAsync(HttpContext context, int status, string type, string message, string? param)
    {
        context.Response.StatusCode = status;
        return Json.WriteAsync(context, Body(status, type, message, param));
    }
}
