using Microsoft.Extensions.Logging;

namespace Notifications.Core.Diagnostics;

/// <summary>
/// Every log line of Notifications.Core. Event ids: 1000-1099 delivery, 1100-1199 credentials, 2000s batches,
/// 3000s approvals, 4000s cohorts, 5000s storage. Tokens only appear redacted.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Debug, "{Provider}: retry {Attempt} for {Token} after {Reason}, waiting {DelayMs} ms")]
    public static partial void RetryScheduled(ILogger logger, string provider, string token, string reason, int attempt, double delayMs);

    [LoggerMessage(1001, LogLevel.Warning, "{Provider}: giving up on {Token} after {Attempts} attempts, last reason {Reason}")]
    public static partial void RetriesExhausted(ILogger logger, string provider, string token, string reason, int attempts);

    [LoggerMessage(1002, LogLevel.Debug, "{Provider}: {Token} rejected with {Status} {Reason}")]
    public static partial void PushRejected(ILogger logger, string provider, string token, int status, string reason);

    [LoggerMessage(1100, LogLevel.Information, "{Provider}: credential refused ({Reason}); renewing it once")]
    public static partial void CredentialRenewed(ILogger logger, string provider, string reason);

    [LoggerMessage(1101, LogLevel.Information, "apns: signed a new provider token (key {KeyId}, iat {IssuedAt:o})")]
    public static partial void ApnsTokenSigned(ILogger logger, string keyId, DateTimeOffset issuedAt);

    [LoggerMessage(1102, LogLevel.Information, "google-oauth: fetching an access token for {ClientEmail} from {TokenUri}")]
    public static partial void GoogleTokenRequested(ILogger logger, string clientEmail, string tokenUri);
}
