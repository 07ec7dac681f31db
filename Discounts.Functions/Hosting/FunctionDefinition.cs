namespace Discounts.Functions.Hosting;

/// <summary>One function of the app: its name (the class name), its trigger and the class that runs it.</summary>
public sealed record FunctionDefinition(string Name, Type Handler, HttpTrigger? Http = null, TimerTrigger? Timer = null);
