namespace Discounts.Tests.Infrastructure;

/// <summary>The repository's root folder (where Discounts.sln is), found above the test binaries.</summary>
public static class Repository
{
    public static string Root()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Discounts.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Discounts.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A function's source, relative to <c>Discounts.Functions/</c>: its feature folder is its namespace's last part.</summary>
    public static string FeatureFile(Type function) =>
        Path.Combine(function.Namespace!["Discounts.Functions.".Length..].Replace('.', Path.DirectorySeparatorChar), function.Name + ".cs");
}
