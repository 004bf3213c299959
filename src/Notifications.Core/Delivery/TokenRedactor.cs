namespace Notifications.Core.Delivery;

/// <summary>Device tokens are credentials to a person's phone: logs and telemetry only ever see a prefix.</summary>
public static class TokenRedactor
{
    /// <summary>Returns the first 6 characters and the length, e.g. <c>f3a9c1…(64)</c>.</summary>
    public static string Redact(string? token) => token switch
    {
        null or "" => "(none)",
        { Length: <= 6 } => $"…({token.Length})",
        _ => $"{token[..6]}…({token.Length})",
    };
}
