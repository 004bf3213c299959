using Microsoft.Extensions.Logging;

namespace Notifications.Local.Diagnostics;

/// <summary>The local host's own log messages (Core's are in Notifications.Core.Diagnostics.Log).</summary>
internal static partial class Log
{
    [LoggerMessage(5000, LogLevel.Information, "batch file {BlobName} landed: started send {BatchId}")]
    public static partial void BatchFileLanded(ILogger logger, string blobName, string batchId);

    [LoggerMessage(5001, LogLevel.Warning, "watching the batches container failed: {Error}")]
    public static partial void WatchFailed(ILogger logger, string error);

    [LoggerMessage(5100, LogLevel.Warning, "cohort timer {CohortId}: start failed: {Error}")]
    public static partial void CohortTimerFailed(ILogger logger, string cohortId, string error);

    [LoggerMessage(5200, LogLevel.Information, "HTTP {Method} {Path} answered {Status} in {ElapsedMs:0.0} ms")]
    public static partial void Request(ILogger logger, string method, string path, int status, double elapsedMs);

    [LoggerMessage(5002, LogLevel.Warning, "batch file landed with a name that is not canonical; not sent: {Problem}")]
    public static partial void BatchFileRefused(ILogger logger, string problem);
}
