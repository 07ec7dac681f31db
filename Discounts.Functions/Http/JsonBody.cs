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

        var maxBytes = context.GetEndpoint()?.Metadata.GetMetadata<Hosting.JsonBodyAttribute>()?.MaxBytes ?? MaxBytes;
        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(context, maxBytes));
        }

        if (maxBytes > MaxBytes && context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBytes; // Kestrel's own limit is set for the webhook's body
        }

        try
        {
            using var limited = new MemoryStream();
            await request.Body.CopyToAsync(limited, context.RequestAborted);
            if (limited.Length > maxBytes)
            {
                return (null, TooLarge(context, maxBytes));
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

    private static ProblemHttpResult TooLarge(HttpContext context, long maxBytes) =>
        Problems.Create(context, StatusCodes.Status413PayloadTooLarge, "payload_too_large", $"The body is larger than {maxBytes} bytes.");
}
