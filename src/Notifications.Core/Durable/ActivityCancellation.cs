using Microsoft.Extensions.Hosting;

namespace Notifications.Core.Durable;

/// <summary>
/// The cancellation a Core activity passes on. durabletask-dotnet gives an activity none of its own, while an Azure
/// Functions activity trigger gets the host's shutdown token: passing the local host's own shutdown token makes the
/// two hosts behave alike (an activity stops when its host stops, and the durable backend runs it again elsewhere).
/// </summary>
public static class ActivityCancellation
{
    /// <summary>The host's shutdown token, or none when the activity runs without a host (a unit test).</summary>
    public static CancellationToken Of(IHostApplicationLifetime? lifetime) => lifetime?.ApplicationStopping ?? CancellationToken.None;
}
