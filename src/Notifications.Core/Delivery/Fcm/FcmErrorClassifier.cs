using System.Text.Json;

namespace Notifications.Core.Delivery.Fcm;

/// <summary>
/// Maps an FCM v1 error response to what the sender does next: by <c>details[].errorCode</c> of the
/// <c>FcmError</c> entry when present, otherwise by the canonical <c>status</c> and the HTTP status, as the
/// Firebase Admin SDKs do.
/// </summary>
internal static class FcmErrorClassifier
{
    private const string FcmErrorType = "type.googleapis.com/google.firebase.fcm.v1.FcmError";

    public static AttemptResult Classify(int httpStatus, ReadOnlySpan<byte> body, TimeSpan? retryAfter, TimeSpan quotaBackoff)
    {
        var (errorCode, status, message) = Parse(body);
        var reason = errorCode ?? status ?? $"HTTP_{httpStatus}";
        var outcome = new PushOutcome(DeliveryStatus.Rejected, reason, httpStatus, 1);

        switch (errorCode)
        {
            case "UNREGISTERED":
                return AttemptResult.Done(outcome with { Status = DeliveryStatus.InvalidToken });
            case "INVALID_ARGUMENT":
                return AttemptResult.Done(outcome with { Status = IsTokenProblem(message) ? DeliveryStatus.InvalidToken : DeliveryStatus.Rejected });
            case "SENDER_ID_MISMATCH":
            case "THIRD_PARTY_AUTH_ERROR":
            case "APNS_AUTH_ERROR":
                return AttemptResult.Done(outcome);
            case "QUOTA_EXCEEDED":
                return AttemptResult.Retry(outcome, Max(retryAfter, quotaBackoff));
            case "UNAVAILABLE":
            case "INTERNAL":
                return AttemptResult.Retry(outcome, retryAfter);
        }

        // No (or an unspecified) FcmError: fall back to the HTTP status.
        return httpStatus switch
        {
            400 => AttemptResult.Done(outcome with { Status = IsTokenProblem(message) ? DeliveryStatus.InvalidToken : DeliveryStatus.Rejected }),
            401 => AttemptResult.CredentialRejected(outcome, credential: string.Empty),
            403 => AttemptResult.Fatal(outcome),
            429 => AttemptResult.Retry(outcome, Max(retryAfter, quotaBackoff)),
            >= 500 => AttemptResult.Retry(outcome, retryAfter),
            _ => AttemptResult.Done(outcome),
        };
    }

    private static TimeSpan Max(TimeSpan? a, TimeSpan b) => a is { } x && x > b ? x : b;

    // FCM answers INVALID_ARGUMENT both for a malformed payload and for a token that is not a registration token;
    // only the message tells them apart.
    private static bool IsTokenProblem(string? message) =>
        message is not null && message.Contains("registration token", StringComparison.OrdinalIgnoreCase);

    private static (string? ErrorCode, string? Status, string? Message) Parse(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return default;
        }

        try
        {
            using var doc = JsonDocument.Parse(body.ToArray());
            if (!doc.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return default;
            }

            string? status = error.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            string? message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            string? code = null;
            if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
            {
                foreach (var detail in details.EnumerateArray())
                {
                    if (detail.ValueKind == JsonValueKind.Object &&
                        detail.TryGetProperty("@type", out var type) && type.ValueEquals(FcmErrorType) &&
                        detail.TryGetProperty("errorCode", out var ec) && ec.ValueKind == JsonValueKind.String)
                    {
                        code = ec.GetString();
                        break;
                    }
                }
            }

            return (code is "UNSPECIFIED_ERROR" ? null : code, status, message);
        }
        catch (JsonException)
        {
            // A proxy's HTML error page: classify by HTTP status alone.
            return default;
        }
    }
}
