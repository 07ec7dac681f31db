using System.Net;
using System.Net.Http.Json;
using Discounts.Tests.Infrastructure;

namespace Discounts.Tests.Fraud;

/// <summary>The verifier unreachable: medium risk cannot pass (fail closed).</summary>
public sealed class CaptchaUnreachableTests(CaptchaUnreachableTests.UnreachableApp app) : IClassFixture<CaptchaUnreachableTests.UnreachableApp>
{
    public sealed class UnreachableApp : AppFactory
    {
        protected override Dictionary<string, string?> Settings => new()
        {
            ["Captcha:Provider"] = "hcaptcha",
            ["Captcha:Secret"] = "captcha-secret",
            ["Captcha:SiteVerifyUrl"] = "http://127.0.0.1:1/siteverify",
        };
    }

    [Trait("EdgeCase", "EC-038")]
    [Fact]
    public async Task EC038_VerifierUnreachable_Refused()
    {
        var template = await app.TemplateAsync();
        var code = await app.PercentCodeAsync(10, maxUses: 10);
        async Task<HttpResponseMessage> Apply(string user, string? captcha)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/api/discount/apply") { Content = JsonContent.Create(new { code = code.Code, templateId = template.Id, captchaToken = captcha }) };
            request.Headers.Add("Authorization", "Bearer " + app.Token(user));
            request.Headers.Add("X-Device-Fingerprint", "shared-device");
            return await app.CreateClient().SendAsync(request);
        }

        await (await Apply("unreach-a", null)).ExpectAsync(HttpStatusCode.Created);
        var refused = await (await Apply("unreach-b", "good-token")).ExpectProblemAsync(HttpStatusCode.Forbidden, "captcha_failed");
        Assert.Equal("verifier_unavailable", (string?)refused["detail"]);
    }
}
