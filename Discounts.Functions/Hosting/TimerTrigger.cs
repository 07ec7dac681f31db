namespace Discounts.Functions.Hosting;

/// <summary>
/// A timer trigger: a 6-field NCRONTAB schedule read from the app setting <see cref="Setting"/> (a flat name: the
/// Functions host resolves <c>%Setting%</c> in function.json, and does not resolve nested names with <c>__</c> or
/// <c>:</c>), else from the older <see cref="LegacySetting"/> (<c>Timers:&lt;FunctionName&gt;</c>, which only the
/// standalone scheduler reads), else <see cref="DefaultSchedule"/>.
/// </summary>
public sealed record TimerTrigger(string Setting, string LegacySetting, string DefaultSchedule)
{
    /// <summary>The schedule in effect: the one resolution of the timer's settings, for every reader.</summary>
    public string ScheduleFrom(IConfiguration configuration) =>
        NonEmpty(configuration[Setting]) ?? NonEmpty(configuration[LegacySetting]) ?? DefaultSchedule;

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
