using System.Diagnostics;

namespace Discounts.Bench;

/// <summary>The standalone service as a child process on loopback, with production settings and the bench's secrets.</summary>
public static class ServiceProcess
{
    public const string SigningKey = "benchmark-signing-key-0123456789-abcdefghij";
    public const string WebhookSecret = "whsec_benchmark";

    public static Process Start(string appDll, int port, string connectionString, string stripeUrl, IEnumerable<KeyValuePair<string, string>> settings)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(appDll);
        var env = start.Environment;
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["Urls"] = $"http://127.0.0.1:{port}";
        env["ConnectionStrings__Discounts"] = connectionString;
        env["Database__CreateIfMissing"] = "true";
        env["Auth__SigningKey"] = SigningKey;
        env["Stripe__SecretKey"] = "sk_test_benchmark";
        env["Stripe__WebhookSecret"] = WebhookSecret;
        env["Stripe__ApiBase"] = stripeUrl;
        env["Stripe__MaxNetworkRetries"] = "0";
        env["Checkout__SuccessUrl"] = "https://shop.test/success";
        env["Checkout__CancelUrl"] = "https://shop.test/cancel";
        env["Timers__Enabled"] = "false";
        env["Logging__LogLevel__Default"] = "Warning";
        env["Network__TrustedProxies"] = "127.0.0.1"; // the bench is the front end: it names each simulated shopper in X-Forwarded-For
        foreach (var (key, value) in settings)
        {
            env[key] = value;
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    public static async Task WaitForHealthAsync(Process service, HttpClient http)
    {
        for (var i = 0; i < 120 && !service.HasExited; i++)
        {
            try
            {
                if ((await http.GetAsync("/api/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(500);
        }

        throw new InvalidOperationException("The service did not become healthy.");
    }
}
