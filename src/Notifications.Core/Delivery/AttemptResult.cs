namespace Notifications.Core.Delivery;

/// <summary>What one HTTP attempt of a push produced, as seen by <see cref="GatewayRetryLoop"/>.</summary>
internal readonly record struct AttemptResult(AttemptKind Kind, PushOutcome Outcome, TimeSpan? RetryAfter = null, string? RejectedCredential = null)
{
    public static AttemptResult Done(PushOutcome outcome) => new(AttemptKind.Done, outcome);

    public static AttemptResult Retry(PushOutcome outcome, TimeSpan? retryAfter) => new(AttemptKind.Retry, outcome, retryAfter);

    public static AttemptResult Fatal(PushOutcome outcome) => new(AttemptKind.Fatal, outcome);

    public static AttemptResult CredentialRejected(PushOutcome outcome, string credential) =>
        new(AttemptKind.CredentialRejected, outcome, RejectedCredential: credential);
}

/// <summary>How the retry loop should treat an attempt.</summary>
internal enum AttemptKind
{
    /// <summary>Final: delivered, invalid token or rejected.</summary>
    Done,

    /// <summary>Retryable after a backoff (429, 5xx, network).</summary>
    Retry,

    /// <summary>Our own credential was refused (FCM 401, APNs ExpiredProviderToken): renew it once and resend at once.</summary>
    CredentialRejected,

    /// <summary>The gateway cannot be used at all (bad key, missing permission): stop the whole send and tell an operator.</summary>
    Fatal,
}
