using System.Diagnostics;
using Notifications.Core.Diagnostics;
using OpenTelemetry;

namespace Notifications.Functions.Telemetry;

/// <summary>
/// Spans leave the process for Application Insights: an approval link's path (its credential) is replaced with
/// <c>/approvals/{redacted}</c> in every path tag and display name before export.
/// </summary>
internal sealed class RedactApprovalPaths : BaseProcessor<Activity>
{
    /// <inheritdoc />
    public override void OnEnd(Activity data) => RequestPaths.Redact(data);
}
