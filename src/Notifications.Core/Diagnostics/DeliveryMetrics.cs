using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Notifications.Core.Delivery;

namespace Notifications.Core.Diagnostics;

/// <summary>
/// The meters and activity source operators watch. Tags carry provider, platform, status, reason and campaign,
/// never tokens or credentials.
/// </summary>
public static class DeliveryMetrics
{
    /// <summary>The meter and activity source name to subscribe to (OpenTelemetry, dotnet-counters).</summary>
    public const string Name = "Notifications";

    /// <summary>Traces across orchestration, activity and gateway call.</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);
    private static readonly ConcurrentDictionary<AdaptiveConcurrency, string> Bounds = new();

    /// <summary>Pushes by outcome of each client call (a retried chunk's devices count again): tags provider, status.</summary>
    public static readonly Counter<long> Pushes = Meter.CreateCounter<long>("notifications.pushes", "{push}", "Pushes by final outcome");

    /// <summary>Retries by provider and reason.</summary>
    public static readonly Counter<long> Retries = Meter.CreateCounter<long>("notifications.retries", "{retry}", "Gateway retries");

    /// <summary>429 responses by provider.</summary>
    public static readonly Counter<long> Throttled = Meter.CreateCounter<long>("notifications.throttled", "{response}", "Gateway 429 responses");

    /// <summary>Latency of single gateway requests: tags provider, status (HTTP).</summary>
    public static readonly Histogram<double> GatewayLatency = Meter.CreateHistogram<double>(
        "notifications.gateway.latency", "ms", "Latency of one gateway request",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 5000] });

    /// <summary>
    /// Each gateway client's adaptive in-flight bound now (tag provider): flat at the cap when the gateway keeps up,
    /// halving when it pushes back.
    /// </summary>
    public static readonly ObservableGauge<int> InFlightLimit = Meter.CreateObservableGauge(
        "notifications.gateway.in_flight_limit",
        () => Bounds.Select(b => new Measurement<int>(b.Key.Limit, new KeyValuePair<string, object?>("provider", b.Value))),
        "{request}",
        "Requests a gateway client allows in flight");

    /// <summary>
    /// Batch pushes with a final outcome (Delivered, InvalidToken, Rejected), each device once: tags campaign, platform,
    /// status. Progress of a send = this / <see cref="DevicesPlanned"/>.
    /// </summary>
    public static readonly Counter<long> CampaignPushes = Meter.CreateCounter<long>("notifications.campaign.pushes", "{push}", "Pushes per campaign and platform");

    /// <summary>Chunk attempts completed by send activities (a retried chunk counts once per attempt).</summary>
    public static readonly Counter<long> ChunksCompleted = Meter.CreateCounter<long>("notifications.batch.chunks", "{chunk}", "Batch chunks completed");

    /// <summary>Devices a send planned to push to, when planning ends: tag campaign. Progress = campaign pushes / this.</summary>
    public static readonly Counter<long> DevicesPlanned = Meter.CreateCounter<long>("notifications.batch.devices", "{device}", "Devices planned per campaign");

    /// <summary>
    /// How long each run of a batch activity took (tag <c>activity</c>): the figure that must stay well inside the
    /// host's function timeout whatever the list's size.
    /// </summary>
    public static readonly Histogram<double> BatchActivityDuration = Meter.CreateHistogram<double>(
        "notifications.batch.activity.duration", "s", "Run time of each batch activity (scan, shard plan, chunk, dead-token removal)");

    /// <summary>Reports <paramref name="bound"/> in <see cref="InFlightLimit"/> until <see cref="Untrack"/>.</summary>
    internal static void Track(string provider, AdaptiveConcurrency bound) => Bounds[bound] = provider;

    /// <summary>Stops reporting a disposed client's bound.</summary>
    internal static void Untrack(AdaptiveConcurrency bound) => Bounds.TryRemove(bound, out _);
}
