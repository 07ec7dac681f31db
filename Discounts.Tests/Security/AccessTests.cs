using System.Net;
using System.Text;
using Discounts.Functions.Hosting;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Security;

/// <summary>Every function in the catalog, checked for who may call it (EC-034, EC-035).</summary>
public sealed class AccessTests(AppFactory app) : IClassFixture<AppFactory>
{
    public static TheoryData<string> Functions() => [.. FunctionCatalog.HttpFunctions.Select(f => f.Name)];

    private static HttpRequestMessage RequestFor(string name)
    {
        var trigger = FunctionCatalog.All.Single(f => f.Name == name).Http!;
        var path = "/" + System.Text.RegularExpressions.Regex.Replace(trigger.Route, "{[^}]+}", Guid.NewGuid().ToString());
        return new HttpRequestMessage(new HttpMethod(trigger.Methods[0]), path) { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
    }

    [Trait("EdgeCase", "EC-035")]
    [Theory]
    [MemberData(nameof(Functions))]
    public async Task EC035_AdminFunction_NonAdmin403_Anonymous401(string name)
    {
        var access = FunctionCatalog.All.Single(f => f.Name == name).Http!.Access;
        var anonymous = await app.CreateClient().SendAsync(RequestFor(name));
        var user = await app.ClientFor("plain-user").SendAsync(RequestFor(name));

        switch (access)
        {
            case Access.Admin:
                await anonymous.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
                await user.ExpectProblemAsync(HttpStatusCode.Forbidden, "forbidden");
                break;
            case Access.User:
                await anonymous.ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
                Assert.NotEqual(HttpStatusCode.Forbidden, user.StatusCode);
                break;
            default:
                Assert.NotEqual(HttpStatusCode.Unauthorized, anonymous.StatusCode);
                break;
        }

        Assert.True((int)user.StatusCode < 500, $"{name}: {(int)user.StatusCode}");
    }

    [Trait("EdgeCase", "EC-034")]
    [Fact]
    public async Task EC034_TokenSignedWithAnotherKeyOrForAnotherAudience_401()
    {
        var template = await app.TemplateAsync();
        var wrongKey = Discounts.Functions.Auth.DevTokens.Create(new() { SigningKey = "another-signing-key-0123456789-abcdefghijk", Issuer = app.Auth.Issuer, Audience = app.Auth.Audience }, "mallory", null, true, DateTimeOffset.UtcNow);
        var wrongAudience = Discounts.Functions.Auth.DevTokens.Create(new() { SigningKey = app.Auth.SigningKey, Issuer = app.Auth.Issuer, Audience = "someone-else" }, "mallory", null, true, DateTimeOffset.UtcNow);
        foreach (var token in new[] { wrongKey, wrongAudience, "not.a.token" })
        {
            var client = app.CreateClient();
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            await (await client.ApplyAsync("ANYCODE", template.Id)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
            await (await client.GetAsync("/api/manage/discounts")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        }
    }

    [Trait("EdgeCase", "EC-034")]
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public async Task EC034_CorrectlySignedTokenWithoutSubject_401NotForbidden(string? subject)
    {
        var template = await app.TemplateAsync();
        var claims = new Dictionary<string, object> { ["email"] = "nobody@example.com", ["role"] = "admin" };
        if (subject is not null)
        {
            claims["sub"] = subject;
        }

        var token = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
        {
            Claims = claims,
            Issuer = app.Auth.Issuer,
            Audience = app.Auth.Audience,
            Expires = DateTime.UtcNow.AddHours(1),
            SigningCredentials = new(Discounts.Functions.Auth.DevTokens.Key(app.Auth), Microsoft.IdentityModel.Tokens.SecurityAlgorithms.HmacSha256),
        });
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

        await (await client.ApplyAsync("ANYCODE", template.Id)).ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
        await (await client.GetAsync("/api/manage/discounts")).ExpectProblemAsync(HttpStatusCode.Unauthorized, "unauthenticated");
    }
}
