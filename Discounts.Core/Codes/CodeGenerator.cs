using System.Security.Cryptography;

namespace Discounts.Core.Codes;

/// <summary>
/// Random codes from an alphabet without look-alikes (no 0/O, 1/I/L): 31 symbols, 4.95 bits each, so the
/// default 13 random symbols carry over 64 bits — private single-use codes cannot be guessed.
/// </summary>
public sealed class CodeGenerator(Func<int, int>? nextIndex = null)
{
    public const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
    public const int DefaultLength = 13;
    public const int MinimumLength = 8;

    private readonly Func<int, int> next = nextIndex ?? RandomNumberGenerator.GetInt32;

    public static double EntropyBits(int length) => length * Math.Log2(Alphabet.Length);

    public string Next(string prefix, int length) => string.Create(prefix.Length + length, (prefix, this), static (span, state) =>
    {
        state.prefix.AsSpan().CopyTo(span);
        for (var i = state.prefix.Length; i < span.Length; i++)
        {
            span[i] = Alphabet[state.Item2.next(Alphabet.Length)];
        }
    });
}
