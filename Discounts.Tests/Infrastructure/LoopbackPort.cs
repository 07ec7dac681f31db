using System.Net;
using System.Net.Sockets;

namespace Discounts.Tests.Infrastructure;

/// <summary>Loopback addresses for the processes tests and tools start beside each other.</summary>
public static class LoopbackPort
{
    /// <summary>A TCP port free on 127.0.0.1 right now (the system's pick).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The simulated client address of shopper <paramref name="n"/>: an X-Forwarded-For value, never a network target.</summary>
    public static string ShopperAddress(int n) => $"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}";
}
