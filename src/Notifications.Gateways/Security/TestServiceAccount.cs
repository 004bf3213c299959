using System.Security.Cryptography;
using System.Text.Json;

namespace Notifications.Gateways.Security;

/// <summary>
/// A Google service-account key made up at start: its JSON key file (what the FCM client loads) and its public key
/// (what the loopback OAuth endpoint verifies assertions with).
/// </summary>
public sealed class TestServiceAccount : IDisposable
{
    private TestServiceAccount(string projectId, string clientEmail, string keyId, RSA key)
    {
        ProjectId = projectId;
        ClientEmail = clientEmail;
        KeyId = keyId;
        Key = key;
    }

    /// <summary>The Firebase project id.</summary>
    public string ProjectId { get; }

    /// <summary>The account's e-mail, the JWT issuer.</summary>
    public string ClientEmail { get; }

    /// <summary>The key id (<c>private_key_id</c>, JWT <c>kid</c>).</summary>
    public string KeyId { get; }

    internal RSA Key { get; }

    /// <summary>Generates an RSA-2048 service account for <paramref name="projectId"/>.</summary>
    public static TestServiceAccount Create(string projectId)
    {
        var key = RSA.Create(2048);
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        return new TestServiceAccount(projectId, $"notifications-loopback@{projectId}.iam.gserviceaccount.com", keyId, key);
    }

    /// <summary>The key file, as the Google console would download it.</summary>
    public string ToJson(Uri tokenUri) => JsonSerializer.Serialize(new Dictionary<string, string>
    {
        ["type"] = "service_account",
        ["project_id"] = ProjectId,
        ["private_key_id"] = KeyId,
        ["private_key"] = Key.ExportPkcs8PrivateKeyPem(),
        ["client_email"] = ClientEmail,
        ["client_id"] = "100000000000000000001",
        ["auth_uri"] = "https://accounts.google.com/o/oauth2/auth",
        ["token_uri"] = tokenUri.ToString(),
    });

    /// <inheritdoc />
    public void Dispose() => Key.Dispose();
}
