using System.Collections.Frozen;

namespace Discounts.Core.Fraud;

/// <summary>
/// The public list of disposable e-mail domains (github.com/disposable-email-domains), shipped as data in
/// <c>disposable-domains.txt</c> and refreshed by <c>scripts/refresh-disposable-domains.sh</c>.
/// </summary>
internal static class DisposableEmailDomains
{
    private static readonly Lazy<FrozenSet<string>> Domains = new(Load);

    public static int Count => Domains.Value.Count;

    public static bool IsDisposable(string? email)
    {
        var at = email?.LastIndexOf('@') ?? -1;
        if (at < 0)
        {
            return false;
        }

        var domain = email![(at + 1)..].Trim().TrimEnd('.').ToLowerInvariant();
        // A subdomain of a listed domain is disposable too.
        for (var d = domain; d.Length > 0; d = d.IndexOf('.') is var i and >= 0 ? d[(i + 1)..] : "")
        {
            if (Domains.Value.Contains(d))
            {
                return true;
            }
        }

        return false;
    }

    private static FrozenSet<string> Load()
    {
        using var stream = typeof(DisposableEmailDomains).Assembly.GetManifestResourceStream("Discounts.Core.Fraud.disposable-domains.txt")
            ?? throw new InvalidOperationException("disposable-domains.txt is not embedded");
        using var reader = new StreamReader(stream);
        var domains = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            line = line.Trim().ToLowerInvariant();
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                domains.Add(line);
            }
        }

        return domains.ToFrozenSet(StringComparer.Ordinal);
    }
}
