using Discounts.Core.Codes;
using Discounts.Functions.Hosting;
using Discounts.Functions.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Discounts.Functions.Codes;

/// <summary><c>GET /api/manage/code-generations/{id}</c>: a generation of codes and how far its writing has come.</summary>
[RouteParameter("id", "The generation (GenerateDiscountCodes' generationId).")]
public sealed class GetCodeGeneration(CodeGenerationService generations) : IHttpFunction
{
    public async Task<IResult> RunAsync(HttpContext context) => await GetAsync(context);

    public async Task<Results<Ok<CodeGenerationResponse>, ProblemHttpResult>> GetAsync(HttpContext context) =>
        context.TryRouteGuid("id", out var id) && await generations.GetAsync(id, context.RequestAborted) is { } generation
            ? TypedResults.Ok(CodeGenerationResponse.From(generation))
            : Problems.NotFound(context);
}
