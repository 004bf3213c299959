using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Notifications.Core.Delivery;
using Notifications.Gateways;

namespace Notifications.Gateways.Tests;

/// <summary>A raw HTTP/2 client trusting the gateways' CA, for speaking the protocols by hand.</summary>
internal sealed class GatewayClient : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("gw-tests-").FullName;

    public GatewayClient(LoopbackGateways gateways)
    {
        var ca = Path.Combine(_directory, "ca.pem");
        gateways.Certificate.WriteAuthorityPem(ca);
        Http = new HttpClient(GatewayHttpHandler.Create(ca))
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public HttpClient Http { get; }

    public static string Jwt(string headerJson, string claimsJson, Func<byte[], byte[]> sign)
    {
        var input = Base64Url.EncodeToString(Encoding.UTF8.GetBytes(headerJson)) + "." + Base64Url.EncodeToString(Encoding.UTF8.GetBytes(claimsJson));
        return input + "." + Base64Url.EncodeToString(sign(Encoding.ASCII.GetBytes(input)));
    }

    public static Func<byte[], byte[]> Rs256(RSA key) => data => key.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public static Func<byte[], byte[]> Es256(ECDsa key) => data => key.SignData(data, HashAlgorithmName.SHA256);

    public void Dispose()
    {
        Http.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
