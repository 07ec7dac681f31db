namespace Discounts.Functions.Hosting;

/// <summary>
/// A site served under one catch-all HTTP function (the admin console): the host forwards every path under its
/// route, and the site maps its own endpoints there. It must map nothing outside its route (FunctionMetadataTests).
/// </summary>
public interface IHttpSite
{
    void Map(IEndpointRouteBuilder endpoints, HttpTrigger trigger);
}
