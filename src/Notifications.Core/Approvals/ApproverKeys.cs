using System.Security.Cryptography;
using System.Text;

namespace Notifications.Core.Approvals;

/// <summary>A person as a short key in row keys and blob names (never their address): 16 hex digits of a SHA-256.</summary>
internal static class ApproverKeys
{
    /// <summary>The key of <paramref name="identity"/> (an email, case-insensitive, or an object id).</summary>
    public static string Of(string identity) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity.ToLowerInvariant())).AsSpan(0, 8));
}
