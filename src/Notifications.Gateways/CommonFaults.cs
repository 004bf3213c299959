using Microsoft.AspNetCore.Http;

namespace Notifications.Gateways;

/// <summary>The token-prefix faults every gateway shares.</summary>
internal static class CommonFaults
{
    /// <summary>
    /// <c>reset</c>: headers out, then the stream dies, so the client cannot know whether the push went through.
    /// <c>slow</c>: the response is held for <see cref="LoopbackGatewayOptions.SlowResponse"/>, then the push proceeds.
    /// Returns true when the response was written, false when the push should proceed, null for other kinds.
    /// </summary>
    public static async Task<bool?> ApplyAsync(HttpContext context, string kind, LoopbackGatewayOptions options)
    {
        switch (kind)
        {
            case "reset":
                context.Response.StatusCode = 200;
                await context.Response.Body.FlushAsync(context.RequestAborted);
                context.Abort();
                return true;
            case "slow":
                await Task.Delay(options.SlowResponse, context.RequestAborted);
                return false;
            default:
                return null;
        }
    }
}
