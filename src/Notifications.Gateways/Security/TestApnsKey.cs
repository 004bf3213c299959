using System.Security.Cryptography;

namespace Notifications.Gateways.Security;

/// <summary>An APNs token-signing key made up at start: the .p8 PEM for the client, the public key for the gateway.</summary>
public sealed class TestApnsKey : IDisposable
{
    private TestApnsKey(string teamId, string keyId, ECDsa key)
    {
        TeamId = teamId;
        KeyId = keyId;
        Key = key;
    }

    /// <summary>The 10-character team id.</summary>
    public string TeamId { get; }

    /// <summary>The 10-character key id.</summary>
    public string KeyId { get; }

    internal ECDsa Key { get; }

    /// <summary>The .p8 file's content (PKCS#8 PEM).</summary>
    public string PrivateKeyPem => Key.ExportPkcs8PrivateKeyPem();

    /// <summary>Generates a P-256 key.</summary>
    public static TestApnsKey Create(string teamId = "LOOPTEAM01", string keyId = "LOOPKEY001") =>
        new(teamId, keyId, ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <inheritdoc />
    public void Dispose() => Key.Dispose();
}
