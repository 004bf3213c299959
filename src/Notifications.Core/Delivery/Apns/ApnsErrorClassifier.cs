using System.Text.Json;

namespace Notifications.Core.Delivery.Apns;

/// <summary>Maps an APNs error response (<c>{"reason":"..."}</c>) to what the sender does next, per Apple's table.</summary>
internal static class ApnsErrorClassifier
{
    public static AttemptResult Classify(int httpStatus, ReadOnlySpan<byte> body, TimeSpan? retryAfter)
    {
        var reason = ReadReason(body) ?? $"HTTP_{httpStatus}";
        var outcome = new PushOutcome(DeliveryStatus.Rejected, reason, httpStatus, 1);
        return (httpStatus, reason) switch
        {
            (400, "BadDeviceToken") => AttemptResult.Done(outcome with { Status = DeliveryStatus.InvalidToken }),
            (400, "IdleTimeout") => AttemptResult.Retry(outcome, retryAfter),
            (400, _) => AttemptResult.Done(outcome),
            (403, "ExpiredProviderToken") => AttemptResult.CredentialRejected(outcome, credential: string.Empty),

            // BadCertificate, Forbidden, InvalidProviderToken, MissingProviderToken, UnrelatedKeyIdInToken,
            // BadEnvironmentKey(Id)InToken: no push can succeed; looping would only hammer Apple.
            (403, _) => AttemptResult.Fatal(outcome),
            (410, _) => AttemptResult.Done(outcome with { Status = DeliveryStatus.InvalidToken }),
            (429, _) => AttemptResult.Retry(outcome, retryAfter),
            (>= 500, _) => AttemptResult.Retry(outcome, retryAfter),
            _ => AttemptResult.Done(outcome),
        };
    }

    private static string? ReadReason(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("reason"u8))
                {
                    reader.Read();
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: classify by status alone.
        }

        return null;
    }
}
