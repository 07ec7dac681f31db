using Discounts.Functions.Hosting;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Discounts.Functions.Operations;

/// <summary><c>GET /api/openapi.json</c>: the OpenAPI document of every HTTP function, generated from the code.</summary>
public sealed class GetOpenApiDocument([FromKeyedServices(AppSetup.OpenApiDocumentName)] IOpenApiDocumentProvider documents) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context)
    {
        var document = await documents.GetOpenApiDocumentAsync(context.RequestAborted);
        var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, context.RequestAborted);
        return TypedResults.Text(json, "application/json");
    }
}
