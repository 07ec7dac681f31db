namespace Discounts.Tests.Infrastructure;

/// <summary>Starts many calls at the same instant (behind one gate) and waits for all of them.</summary>
public static class Race
{
    public static async Task<T[]> RunAsync<T>(int count, Func<int, Task<T>> call)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tasks = Enumerable.Range(0, count).Select(async i =>
        {
            await gate.Task;
            return await call(i);
        }).ToArray();
        gate.SetResult();
        return await Task.WhenAll(tasks);
    }
}
