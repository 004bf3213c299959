using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Notifications.Core.Delivery;

/// <summary>
/// Extra root certificates a client trusts besides the system store, used to reach the loopback gateways over real
/// TLS. Host-name checks and chain building stay on; only the set of trusted roots grows.
/// </summary>
public sealed class TrustedCertificates
{
    private readonly X509Certificate2Collection _roots;

    private TrustedCertificates(X509Certificate2Collection roots) => _roots = roots;

    /// <summary>Loads every certificate in a PEM file.</summary>
    public static TrustedCertificates FromPemFile(string path)
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPemFile(path);
        if (roots.Count == 0)
        {
            throw new InvalidOperationException($"The trusted certificate file '{path}' holds no PEM certificate.");
        }

        return new TrustedCertificates(roots);
    }

    /// <summary>Validates a server certificate: the system's verdict, or a chain to one of our roots.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        // A name mismatch or a missing certificate is never forgiven.
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }
}
