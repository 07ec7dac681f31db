namespace Discounts.Functions.Hosting;

/// <summary>An HTTP-triggered function: binds, validates, calls one Core method and maps the result.</summary>
public interface IHttpFunction
{
    Task<IResult> RunAsync(HttpContext context);
}
