using Microsoft.Extensions.Logging;

namespace Notifications.Functions.Diagnostics;

/// <summary>The Functions shell's own log messages (Core's are in Notifications.Core.Diagnostics.Log). Event ids 7000s.</summary>
internal static partial class Log
{
    [LoggerMessage(7000, LogLevel.Warning, "batch file landed with a name that is not canonical; not sent: {Problem}")]
    public static partial void BatchFileRefused(ILogger logger, string problem);
}
