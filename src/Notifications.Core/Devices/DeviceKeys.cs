using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Notifications.Core.Delivery;

namespace Notifications.Core.Devices;

/// <summary>
/// Table keys of the device registry. Users are spread over 1,024 partitions by a stable hash so that a large
/// audience is read a partition at a time (one query per partition instead of one per user: about 1,000 users a
/// partition at a million users) and a small one with range queries per user; the row key is the user id then a
/// hash of the token (tokens can be longer than a key may be).
/// </summary>
public static partial class DeviceKeys
{
    /// <summary>Number of registry partitions.</summary>
    public const int PartitionCount = 1024;

    /// <summary>The longest user id accepted.</summary>
    public const int MaxUserIdLength = 128;

    /// <summary>The longest device token accepted (FCM tokens are about 160 characters, APNs 64 hex digits).</summary>
    public const int MaxTokenLength = 4096;

    /// <summary>The partition holding <paramref name="userId"/>'s devices.</summary>
    public static string Partition(string userId) => PartitionName(PartitionIndex(userId));

    /// <summary>The partition number (0-1,023) of <paramref name="userId"/>.</summary>
    public static int PartitionIndex(string userId) => (int)(UserHash(userId) % PartitionCount);

    /// <summary>The partition number of a table partition key (<see cref="PartitionName"/>), or -1 for any other key.</summary>
    public static int PartitionIndexOf(string partitionKey) =>
        partitionKey is ['p', _, _, _] && int.TryParse(partitionKey.AsSpan(1), System.Globalization.NumberStyles.AllowHexSpecifier, System.Globalization.CultureInfo.InvariantCulture, out var index) && index < PartitionCount
            ? index
            : -1;

    /// <summary>The table partition key of partition number <paramref name="index"/>.</summary>
    public static string PartitionName(int index) => "p" + index.ToString("x3", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A stable 32-bit hash of a user id.</summary>
    public static uint UserHash(string userId) => XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(userId));

    /// <summary>The row key of one device of one user.</summary>
    public static string Row(string userId, PushPlatform platform, string token) => $"{userId}|{DeviceId(platform, token)}";

    /// <summary>A short stable id of a device: platform letter and 128 bits of the token's SHA-256.</summary>
    public static string DeviceId(PushPlatform platform, string token)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(token), hash);
        return platform.ToLetter() + Convert.ToHexStringLower(hash[..16]);
    }

    /// <summary>The first row key after every row of <paramref name="userId"/> ('}' follows '|').</summary>
    public static string RowUpperBound(string userId) => userId + "}";

    /// <summary>Whether <paramref name="userId"/> can be a user id: 1-128 of letters, digits and <c>._@:+-</c>.</summary>
    public static bool IsValidUserId(string? userId) => userId is not null && UserIdPattern().IsMatch(userId);

    /// <summary>Whether <paramref name="token"/> can be a device token: 1-4096 printable ASCII characters, no spaces.</summary>
    public static bool IsValidToken(string? token) =>
        token is { Length: > 0 and <= MaxTokenLength } && token.All(c => c is > ' ' and < (char)127);

    [GeneratedRegex(@"^[A-Za-z0-9._@:+\-]{1,128}$")]
    private static partial Regex UserIdPattern();
}
