using System.Text;

namespace Discounts.Core.Codes;

/// <summary>
/// Codes are compared after normalization: trimmed, Unicode NFKC (full-width and other compatibility forms
/// fold to ASCII), upper case, inner spaces removed; then only A-Z, 0-9, '-' and '_' of length 3..40 are
/// accepted (EC-031, EC-032). Anything else is malformed and never reaches a query.
/// </summary>
public static class CodeNormalizer
{
    public const int MinLength = 3;
    public const int MaxLength = 40;

    /// <summary>The rule in words, for answers and the API reference (kept beside the numbers it names).</summary>
    public const string Rule = "3-40 letters, digits, '-' or '_'";

    public static bool TryNormalize(string? input, out string normalized)
    {
        normalized = string.Empty;
        if (string.IsNullOrWhiteSpace(input) || input.Length > MaxLength * 4)
        {
            return false;
        }

        string folded;
        try
        {
            folded = input.Trim().Normalize(NormalizationForm.FormKC);
        }
        catch (ArgumentException)
        {
            return false; // invalid UTF-16 (lone surrogates)
        }

        var builder = new StringBuilder(folded.Length);
        foreach (var ch in folded)
        {
            if (char.IsWhiteSpace(ch))
            {
                continue;
            }

            var upper = char.ToUpperInvariant(ch);
            if (upper is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_')
            {
                builder.Append(upper);
            }
            else
            {
                return false;
            }
        }

        if (builder.Length is < MinLength or > MaxLength)
        {
            return false;
        }

        normalized = builder.ToString();
        return true;
    }
}
