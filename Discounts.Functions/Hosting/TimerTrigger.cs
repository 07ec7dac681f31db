namespace Discounts.Functions.Hosting;

/// <summary>A timer trigger: a 6-field NCRONTAB schedule read from <see cref="Setting"/>, <see cref="DefaultSchedule"/> when unset.</summary>
public sealed record TimerTrigger(string Setting, string DefaultSchedule);
