using System.Globalization;

namespace Discounts.Faults;

/// <summary>
/// The limited codes of the run: few slots each (20-50) and many more shoppers, so the last slots of a code
/// are fought over. Paid slots never come back, so new codes are added when few are left open (an admin's
/// request like any other, which fails while the service is down).
/// </summary>
public sealed class CodePool(Storefront shop)
{
    private readonly Lock sync = new();
    private readonly List<LimitedCode> codes = [];
    private int created;

    public int Count
    {
        get
        {
            lock (sync)
            {
                return codes.Count;
            }
        }
    }

    public LimitedCode Pick(Random random)
    {
        lock (sync)
        {
            var open = codes.Where(c => c.Open).ToList();
            var from = open.Count > 0 ? open : codes;
            return from[random.Next(from.Count)];
        }
    }

    /// <summary>Adds codes until <paramref name="open"/> are open; false when the service refused.</summary>
    public async Task<bool> TopUpAsync(int open, CancellationToken ct)
    {
        while (true)
        {
            lock (sync)
            {
                if (codes.Count(c => c.Open) >= open)
                {
                    return true;
                }
            }

            var n = Interlocked.Increment(ref created);
            var maxUses = 20 + (n * 7 % 31); // 20..50
            var code = $"FLT{n.ToString("D4", CultureInfo.InvariantCulture)}{Guid.NewGuid().ToString("N")[..6].ToUpperInvariant()}";
            if (!await shop.CreateCodeAsync(code, maxUses, 10 + n % 5 * 10, ct))
            {
                return false;
            }

            lock (sync)
            {
                codes.Add(new LimitedCode(code, maxUses));
            }
        }
    }
}
