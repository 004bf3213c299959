using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Notifications.Core.Diagnostics;
using Notifications.Local.Diagnostics;

namespace Notifications.Local.Hosting;

/// <summary>
/// One log line per request with the path redacted (<see cref="RequestPaths"/>), in place of ASP.NET's own request
/// lines, which are filtered out because they print the raw path of an approval link.
/// </summary>
internal static class RedactedRequestLog
{
    public static IApplicationBuilder UseRedactedRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger("Notifications.Local.Requests");
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                Log.Request(logger, context.Request.Method, RequestPaths.Redact(context.Request.Path.Value), context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }
}
