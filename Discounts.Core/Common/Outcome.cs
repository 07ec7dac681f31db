namespace Discounts.Core.Common;

/// <summary>
/// The result of a business operation: a value, or the stable code of the expected failure (a rule code,
/// <c>not_found</c>, <c>conflict</c>, <c>unavailable</c>). Expected failures are values, not exceptions.
/// </summary>
public readonly record struct Outcome<T>
{
    private Outcome(T? value, string? error, string? detail)
    {
        Value = value;
        Error = error;
        Detail = detail;
    }

    public T? Value { get; }

    public string? Error { get; }

    public string? Detail { get; }

    public bool Succeeded => Error is null;

    public static Outcome<T> Ok(T value) => new(value, null, null);

    public static Outcome<T> Fail(string error, string? detail = null) => new(default, error, detail);
}
