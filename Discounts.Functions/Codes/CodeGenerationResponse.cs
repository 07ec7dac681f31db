using Discounts.Core.Codes;

namespace Discounts.Functions.Codes;

/// <summary>A generation and its progress (GenerateDiscountCodes' 202, GetCodeGeneration): <c>generated</c> of <c>count</c> written.</summary>
public sealed record CodeGenerationResponse(
    Guid GenerationId, string Status, int Count, int Generated, string? Campaign, DateTime CreatedAt, DateTime? FinishedAt, string? Error, string Url, string CodesUrl)
{
    public static CodeGenerationResponse From(CodeGeneration g) => new(
        g.Id, g.Status, g.Count, g.Generated, g.Campaign, g.CreatedAt, g.FinishedAt, g.Error,
        $"/api/manage/code-generations/{g.Id}", $"/api/manage/export?type=codes&generationId={g.Id}");
}
