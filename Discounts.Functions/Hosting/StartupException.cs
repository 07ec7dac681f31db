namespace Discounts.Functions.Hosting;

/// <summary>
/// A start that cannot go on for a known reason (issue 13): the port is taken, the database cannot be reached, a
/// migration failed. The entry point prints the message as one line that names the setting, without a stack trace,
/// and exits with <see cref="ExitCode"/>.
/// </summary>
public class StartupException : Exception
{
    /// <summary>EX_UNAVAILABLE (sysexits.h): something the service needs is not there.</summary>
    public const int Unavailable = 69;

    /// <summary>EX_SOFTWARE: the service's own step failed (a migration).</summary>
    public const int Failed = 70;

    /// <summary>EX_CONFIG: a setting is missing or unsafe.</summary>
    public const int BadConfiguration = 78;

    public StartupException()
    {
    }

    public StartupException(string message)
        : base(message)
    {
    }

    public StartupException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public StartupException(string setting, string message, int exitCode, Exception? inner = null)
        : base(message, inner)
    {
        Setting = setting;
        ExitCode = exitCode;
    }

    /// <summary>The setting at fault, or the one that points at what failed (<c>Section:Key</c>).</summary>
    public string Setting { get; } = "";

    public int ExitCode { get; } = Failed;

    /// <summary>The one line the entry point prints.</summary>
    public virtual string Line => $"Startup error: {Message}";
}
