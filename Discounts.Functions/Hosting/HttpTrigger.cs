namespace Discounts.Functions.Hosting;

/// <summary>An HTTP trigger: methods and route under <c>/api</c>, as function.json writes them.</summary>
public sealed record HttpTrigger(string[] Methods, string Route, Access Access)
{
    public string AuthLevel => Access == Access.Admin ? "function" : "anonymous";
}
