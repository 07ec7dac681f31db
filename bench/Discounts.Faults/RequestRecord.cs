namespace Discounts.Faults;

/// <summary>One request to the service: its phase, what it was, when it started and ended, and its answer.</summary>
public sealed record RequestRecord(int Phase, string Kind, double Start, double End, int Status)
{
    public const int TransportError = -1;
    public const int TimedOut = -2;

    public double Seconds => End - Start;
}
