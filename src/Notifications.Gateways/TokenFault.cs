using System.Collections.Concurrent;
using System.Globalization;

namespace Notifications.Gateways;

/// <summary>
/// Faults chosen by the device token, so one batch can mix healthy and failing devices:
/// <c>{kind}-{rest}</c> fails every attempt, <c>{kind}~{n}-{rest}</c> fails the first n attempts of that token
/// and then succeeds (to prove a retry recovers). Kinds are per gateway (see <see cref="Fcm.FcmGateway"/> and
/// <see cref="Apns.ApnsGateway"/>).
/// </summary>
public readonly record struct TokenFault(string Kind, int Times)
{
    /// <summary>Parses the fault prefix of <paramref name="token"/>, if it has one of <paramref name="knownKinds"/>.</summary>
    public static TokenFault? Parse(string token, IReadOnlySet<string> knownKinds)
    {
        var dash = token.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0)
        {
            return null;
        }

        var head = token.AsSpan(0, dash);
        var tilde = head.IndexOf('~');
        var kind = (tilde < 0 ? head : head[..tilde]).ToString();
        if (!knownKinds.Contains(kind))
        {
            return null;
        }

        if (tilde < 0)
        {
            return new TokenFault(kind, int.MaxValue);
        }

        return int.TryParse(head[(tilde + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var times)
            ? new TokenFault(kind, times)
            : null;
    }

    /// <summary>Whether this attempt of the token should fail; counts attempts per token in <paramref name="attempts"/>.</summary>
    public bool Applies(string token, ConcurrentDictionary<string, int> attempts) =>
        Times == int.MaxValue || attempts.AddOrUpdate(token, 1, static (_, n) => n + 1) <= Times;
}
