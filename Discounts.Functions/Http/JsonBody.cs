using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Http;

/// <summary>Reads a JSON body with the checks api.md asks for: 415 for another content type, 413 past the limit, 400 for bad JSON.</summary>
public static class JsonBody
{
    public const long MaxBytes = 16 * 1024;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpContext context)
        where T : class
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            return (null, Problems.Create(context, StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type", "The body must be application/json."));
        }

        if (request.ContentLength > MaxBytes)
        {
            return (null, TooLarge(context));
        }

        try
        {
            using var limited = new MemoryStream();
            await request.Body.CopyToAsync(limited, context.RequestAborted);
            if (limited.Length > MaxBytes)
            {
                return (null, TooLarge(context));
            }

            limited.Position = 0;
            var value = await JsonSerializer.DeserializeAsync<T>(limited, Options, context.RequestAborted);
            return value is null
                ? (null, Problems.Invalid(context, "body", "A JSON object is required."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 0 } path ? path.TrimStart('$', '.') : "body";
            return (null, Problems.Invalid(context, where.Length == 0 ? "body" : where, "The body is not valid JSON for this request."));
        }
    }

    private static ProblemHttpResult TooLarge(HttpContext context) =>
        Problems.Create(context, StatusCodes.Status413PayloadTooLarge, "payload_too_large", $"The body is larger than {MaxBytes} bytes.");
}
