namespace Discounts.Core.Codes;

/// <summary>A campaign of single-use codes: the shared terms (<see cref="Terms"/>; its code and limits are ignored), how many, and their shape.</summary>
public sealed record CodeBatch
{
    public NewDiscountCode Terms { get; init; } = new();
    public int Count { get; init; }
    public string Prefix { get; init; } = "";
    public int Length { get; init; } = CodeGenerator.DefaultLength;

    public const int MaxCount = 1_000_000;

    public Dictionary<string, string[]> Validate()
    {
        var errors = (Terms with { Code = Prefix + new string('A', Math.Clamp(Length, 1, 40)), MaxUses = 1 }).Validate(out _);
        errors.Remove("code");
        if (Count is < 1 or > MaxCount)
        {
            errors["count"] = [$"count is 1..{MaxCount}."];
        }

        if (Prefix.Length > 10 || !Prefix.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-'))
        {
            errors["prefix"] = ["prefix is at most 10 upper-case letters, digits or '-'."];
        }

        if (Length < CodeGenerator.MinimumLength || Prefix.Length + Length > CodeNormalizer.MaxLength)
        {
            errors["length"] = [$"length is at least {CodeGenerator.MinimumLength}, and prefix + length at most {CodeNormalizer.MaxLength}."];
        }

        return errors;
    }
}
