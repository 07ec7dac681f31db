using Discounts.Core.Codes;

namespace Discounts.Functions.Reservations;

/// <summary>The two inputs validate and apply both take, the code as typed and the template, checked in one place.</summary>
public static class StorefrontInput
{
    /// <summary>The normalized code and the template id; an error per input that is not one.</summary>
    public static (string Code, Guid TemplateId) Read(string? code, string? templateId, Dictionary<string, string[]> errors)
    {
        if (!CodeNormalizer.TryNormalize(code, out var normalized))
        {
            errors["code"] = [$"code is {CodeNormalizer.Rule}."];
        }

        if (!Guid.TryParse(templateId, out var template))
        {
            errors["templateId"] = ["templateId is a UUID."];
        }

        return (normalized, template);
    }
}
