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
}
