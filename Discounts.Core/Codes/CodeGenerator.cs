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

    private readonly Func<int, int>? next = nextIndex;

    public static double EntropyBits(int length) => length * Math.Log2(Alphabet.Length);

    public string Next(string prefix, int length) => next is null
        ? string.Create(prefix.Length + length, prefix, static (span, prefix) =>
        {
            // One call to the system's generator per code (a million codes are 13 million symbols), unbiased: a byte
            // of 248 (8 x 31) or more is drawn again.
            prefix.AsSpan().CopyTo(span);
            Span<byte> bytes = stackalloc byte[32];
            for (var i = prefix.Length; i < span.Length;)
            {
                RandomNumberGenerator.Fill(bytes);
                for (var b = 0; b < bytes.Length && i < span.Length; b++)
                {
                    if (bytes[b] < 248)
                    {
                        span[i++] = Alphabet[bytes[b] % Alphabet.Length];
                    }
                }
            }
        })
        : string.Create(prefix.Length + length, (prefix, next), static (span, state) =>
        {
            state.prefix.AsSpan().CopyTo(span);
            for (var i = state.prefix.Length; i < span.Length; i++)
            {
                span[i] = Alphabet[state.next(Alphabet.Length)];
            }
        });
}
