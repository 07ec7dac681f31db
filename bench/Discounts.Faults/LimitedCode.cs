namespace Discounts.Faults;

/// <summary>A limited code the traffic competes for; closed once applies keep answering <c>code_exhausted</c>.</summary>
public sealed class LimitedCode(string code, int maxUses)
{
    private int exhaustedAnswers;

    public string Code { get; } = code;

    public int MaxUses { get; } = maxUses;

    public bool Open => Volatile.Read(ref exhaustedAnswers) < 3;

    public void Exhausted() => Interlocked.Increment(ref exhaustedAnswers);
}
