using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Notifications.Gateways.Fcm;

/// <summary>Writes Google's standard error envelope, with an optional FcmError or other detail.</summary>
internal static class GoogleErrorResponse
{
    public static async Task WriteAsync(
        HttpContext context, int code, string status, string message, string? fcmErrorCode = null,
        object? otherDetail = null, int? retryAfterSeconds = null)
    {
        var details = new List<object>();
        if (fcmErrorCode is not null)
        {
            details.Add(new Dictionary<string, string>
            {
                ["@type"] = "type.googleapis.com/google.firebase.fcm.v1.FcmError",
                ["errorCode"] = fcmErrorCode,
            });
        }

        if (otherDetail is not null)
        {
            details.Add(otherDetail);
        }

        context.Response.StatusCode = code;
        context.Response.ContentType = "application/json; charset=UTF-8";
        if (retryAfterSeconds is { } seconds)
        {
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        await JsonSerializer.SerializeAsync(context.Response.Body, new Dictionary<string, object>
        {
            ["error"] = new Dictionary<string, object>
            {
                ["code"] = code,
                ["message"] = message,
                ["status"] = status,
                ["details"] = details,
            },
        }, cancellationToken: context.RequestAborted);
    }

    public static object BadRequest(string field, string description) => new Dictionary<string, object>
    {
        ["@type"] = "type.googleapis.com/google.rpc.BadRequest",
        ["fieldViolations"] = new[] { new Dictionary<string, string> { ["field"] = field, ["description"] = description } },
    };
}
