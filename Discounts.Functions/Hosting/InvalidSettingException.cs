namespace Discounts.Functions.Hosting;

/// <summary>
/// A setting that stops the process at start (design.md "Configuration fails closed"): the message is one line
/// that names the setting and says what is wrong with it; the entry point prints it without a stack trace.
/// </summary>
public sealed class InvalidSettingException : StartupException
{
    public InvalidSettingException()
    {
    }

    public InvalidSettingException(string message)
        : base(message)
    {
    }

    public InvalidSettingException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public InvalidSettingException(string setting, string problem, Exception? inner = null)
        : base(setting, $"{setting} {problem}", BadConfiguration, inner)
    {
    }

    public override string Line => $"Configuration error: {Message}";
}
