using System.Text.Json;
using Discounts.Core.Common;
using Discounts.Functions.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Http;

/// <summary>
/// Reads a JSON body with the checks api.md asks for: 415 for another content type, 413 past the limit, 400 for bad
/// JSON, and 400 naming the property for an unknown property (admin bodies only) or a wrong JSON type.
/// </summary>
public static class JsonBody
{
    public const long MaxBytes = 16 * 1024;

    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpContext context)
        where T : class
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
        {
            return (null, Problems.Create(context, StatusCodes.Status415UnsupportedMediaType, Problems.UnsupportedMediaType, "The body must be application/json."));
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

        using var limited = new MemoryStream();
        await request.Body.CopyToAsync(limited, context.RequestAborted);
        if (limited.Length > maxBytes)
        {
            return (null, TooLarge(context, maxBytes));
        }

        limited.Position = 0;
        using var document = await ParseAsync(limited, context.RequestAborted);
        if (document is null)
        {
            return (null, Problems.Invalid(context, "body", "The body is not valid JSON."));
        }

        var options = OptionsFor(context);
        try
        {
            var value = document.Deserialize<T>(options);
            return value is null
                ? (null, Problems.Invalid(context, "body", "A JSON object is required."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            var (field, message) = JsonBodyErrors.Describe(ex.Path, document.RootElement, options.GetTypeInfo(typeof(T)));
            return (null, Problems.Invalid(context, field, message));
        }
    }

    /// <summary>
    /// Strict for the catalog's admin functions, lenient for the rest: the endpoint's trigger decides, so a new admin
    /// function is strict without a line of its own, and a storefront upgrade that sends a new field never breaks.
    /// </summary>
    internal static JsonSerializerOptions OptionsFor(HttpContext context) =>
        context.GetEndpoint()?.Metadata.GetMetadata<HttpTrigger>()?.Access == Access.Admin ? Json.Strict : Json.Options;

    /// <summary>
    /// Syntax first, on its own: the serializer reads as it binds and would report an unknown property before the
    /// broken JSON after it, and the document lets a binding error be explained from what was sent.
    /// </summary>
    private static async Task<JsonDocument?> ParseAsync(Stream body, CancellationToken ct)
    {
        try
        {
            return await JsonDocument.ParseAsync(body, cancellationToken: ct);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static ProblemHttpResult TooLarge(HttpContext context, long maxBytes) =>
        Problems.Create(context, StatusCodes.Status413PayloadTooLarge, Problems.PayloadTooLarge, $"The body is larger than {maxBytes} bytes.");
}
