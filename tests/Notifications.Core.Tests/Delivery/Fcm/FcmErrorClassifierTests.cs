using System.Text;
using Notifications.Core.Delivery;
using Notifications.Core.Delivery.Fcm;

namespace Notifications.Core.Tests.Delivery.Fcm;

/// <summary>The rows of the FCM error table that the loopback gateway cannot produce on its own.</summary>
public sealed class FcmErrorClassifierTests
{
    private static AttemptResult Classify(int status, string body, TimeSpan? retryAfter = null) =>
        FcmErrorClassifier.Classify(status, Encoding.UTF8.GetBytes(body), retryAfter, TimeSpan.FromMinutes(1));

    private static string Envelope(int code, string status, string message, string? errorCode)
    {
        var detail = errorCode is null ? "" : "{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":\"" + errorCode + "\"}";
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":\"" + status + "\",\"details\":[" + detail + "]}}";
    }

    [Fact]
    public void Classify_ApnsAuthErrorAlias_RejectedLikeThirdPartyAuth()
    {
        var result = Classify(401, Envelope(401, "UNAUTHENTICATED", "Auth error", "APNS_AUTH_ERROR"));

        Assert.Equal(AttemptKind.Done, result.Kind);
        Assert.Equal(DeliveryStatus.Rejected, result.Outcome.Status);
        Assert.Equal("APNS_AUTH_ERROR", result.Outcome.Reason);
    }

    [Fact]
    public void Classify_QuotaWithLongerRetryAfter_KeepsRetryAfter()
    {
        var result = Classify(429, Envelope(429, "RESOURCE_EXHAUSTED", "quota", "QUOTA_EXCEEDED"), TimeSpan.FromMinutes(3));

        Assert.Equal(AttemptKind.Retry, result.Kind);
        Assert.Equal(TimeSpan.FromMinutes(3), result.RetryAfter);
    }

    [Theory]
    [InlineData(400, "Done")]
    [InlineData(401, "CredentialRejected")]
    [InlineData(403, "Fatal")]
    [InlineData(404, "Done")]
    [InlineData(409, "Done")]
    [InlineData(429, "Retry")]
    [InlineData(500, "Retry")]
    [InlineData(503, "Retry")]
    [InlineData(504, "Retry")]
    public void Classify_NoFcmError_FallsBackToHttpStatus(int status, string expected)
    {
        Assert.Equal(expected, Classify(status, "<html>proxy error</html>").Kind.ToString());
    }

    [Fact]
    public void Classify_UnregisteredWithoutMessage_InvalidToken() =>
        Assert.Equal(DeliveryStatus.InvalidToken, Classify(404, Envelope(404, "NOT_FOUND", "Requested entity was not found.", "UNREGISTERED")).Outcome.Status);

    [Fact]
    public void Classify_InvalidArgumentAboutPayload_RejectedNotInvalidToken() =>
        Assert.Equal(DeliveryStatus.Rejected, Classify(400, Envelope(400, "INVALID_ARGUMENT", "Invalid value at 'message.data[0].value'", "INVALID_ARGUMENT")).Outcome.Status);
}
