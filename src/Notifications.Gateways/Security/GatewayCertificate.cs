using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Notifications.Gateways.Security;

/// <summary>
/// A throwaway certificate authority and a server certificate it signs for 127.0.0.1 and localhost, made at
/// start. Clients trust the CA through configuration (its PEM file); nothing turns certificate validation off.
/// </summary>
public sealed class GatewayCertificate : IDisposable
{
    private GatewayCertificate(X509Certificate2 authority, X509Certificate2 server)
    {
        Authority = authority;
        Server = server;
    }

    /// <summary>The CA certificate (public part) clients trust.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The server certificate with its private key, for Kestrel.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The CA certificate as PEM.</summary>
    public string AuthorityPem => Authority.ExportCertificatePem();

    /// <summary>Creates a CA valid for a week and a server certificate it signs.</summary>
    public static GatewayCertificate Create(TimeProvider? clock = null)
    {
        // TLS validation runs on the real clock, whatever clock the gateways' protocol checks use.
        var now = (clock ?? TimeProvider.System).GetUtcNow();

        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Notifications loopback CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddHours(-1), now.AddDays(7));

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using var signed = serverRequest.Create(ca, now.AddHours(-1), now.AddDays(6), serial);
        using var withKey = signed.CopyWithPrivateKey(serverKey);

        // A PKCS#12 round trip gives Kestrel a certificate whose key is not tied to this method's ECDsa instance.
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        var authority = X509CertificateLoader.LoadCertificate(ca.Export(X509ContentType.Cert));
        return new GatewayCertificate(authority, server);
    }

    /// <summary>Writes the CA PEM to <paramref name="path"/> for clients in other processes.</summary>
    public void WriteAuthorityPem(string path) => File.WriteAllText(path, AuthorityPem);

    /// <inheritdoc />
    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
    }
}
