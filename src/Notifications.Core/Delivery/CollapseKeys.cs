using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Notifications.Core.Delivery;

/// <summary>Derives the per-campaign collapse id shared by every push of the campaign.</summary>
public static class CollapseKeys
{
    /// <summary>APNs caps <c>apns-collapse-id</c> at 64 bytes.</summary>
    public const int MaxLength = 64;

    /// <summary>
    /// Returns the campaign id itself when it is short and plain, otherwise a readable prefix plus a hash, so two
    /// campaigns never share a collapse id and a redelivered push replaces its twin instead of stacking.
    /// </summary>
    /// <param name="campaignId">The campaign id.</param>
    /// <param name="maxLength">The longest result (FCM's analytics labels allow 50, where collapse ids allow 64).</param>
    public static string ForCampaign(string campaignId, int maxLength = MaxLength)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(campaignId);
        if (campaignId.Length <= maxLength && IsPlain(campaignId))
        {
            return campaignId;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(campaignId));
        var suffix = Base64Url.EncodeToString(hash.AsSpan(0, 12));
        var prefix = new string(campaignId.Where(IsPlainChar).Take(maxLength - suffix.Length - 1).ToArray());
        return prefix.Length == 0 ? suffix : $"{prefix}-{suffix}";
    }

    private static bool IsPlain(string value) => value.All(IsPlainChar);

    private static bool IsPlainChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}
