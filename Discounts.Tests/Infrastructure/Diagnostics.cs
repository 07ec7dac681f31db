namespace Discounts.Tests.Infrastructure;

/// <summary>
/// Failures xUnit reports without their message (fixture cleanup) are written in full to the file named by
/// DISCOUNTS_TEST_DIAGNOSTICS, which the test command prints when the run fails.
/// </summary>
public static class Diagnostics
{
    private static readonly Lock FileLock = new();

    /// <summary>Records the exception; returns false so it can sit in an exception filter.</summary>
    public static bool Record(string context, Exception ex)
    {
        if (Environment.GetEnvironmentVariable("DISCOUNTS_TEST_DIAGNOSTICS") is { Length: > 0 } path)
        {
            lock (FileLock)
            {
                File.AppendAllText(path, $"--- {DateTimeOffset.UtcNow:O} {context}{Environment.NewLine}{ex}{Environment.NewLine}");
            }
        }

        return false;
    }
}
