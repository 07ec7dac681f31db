namespace Discounts.Core.Codes;

/// <summary>A PATCH field: absent (leave as is) or present with a value, which may be null (clear it).</summary>
internal readonly record struct Patch<T>(bool IsSet, T Value)
{
    public static Patch<T> Of(T value) => new(true, value);

    public T Or(T current) => IsSet ? Value : current;
}
