namespace Discounts.Tests.Infrastructure;

/// <summary>
/// A test class whose every test gets an app and a database of its own (a copy of the migrated template, about
/// 0.2 s): for tests that assert on what a whole-database job reports (the release job, the reconciliation, the
/// integrity check), which a class-wide database would let the class's other tests change.
/// </summary>
public abstract class AppPerTest : IAsyncLifetime
{
    protected AppFactory App { get; } = new();

    public Task InitializeAsync() => App.InitializeAsync();

    public Task DisposeAsync() => ((IAsyncLifetime)App).DisposeAsync();
}
