using System.Diagnostics;

namespace Notifications.Core.Diagnostics;

/// <summary>
/// One request to a push gateway, as telemetry: the latency histogram (every call, tagged provider and HTTP status)
/// and a client span under the chunk's span (tagged provider, status and the gateway's reason). Never the device
/// token: APNs puts it in the request path, which is why the HTTP client's own spans and logs are not used.
/// </summary>
/// <remarks>
/// A million-device send makes a million calls; a span for each would cost more to ingest than the send. So every
/// chunk gets spans for its first <see cref="SpanBudget.FailuresPerChunk"/> calls that did not deliver (an error
/// status, or an exception) and its first <see cref="SpanBudget.SuccessesPerChunk"/> delivered ones. The span is
/// written when the answer is known, with the call's real start time.
/// </remarks>
internal readonly struct GatewayCall
{
    private readonly string _provider;
    private readonly TimeProvider _time;
    private readonly DateTimeOffset _startedAt;
    private readonly long _started;
    private readonly Activity? _parent;

    private GatewayCall(string provider, TimeProvider time)
    {
        _provider = provider;
        _time = time;
        _startedAt = time.GetUtcNow();
        _started = time.GetTimestamp();
        _parent = Activity.Current;
    }

    /// <summary>Starts timing a request to <paramref name="provider"/>.</summary>
    public static GatewayCall Start(string provider, TimeProvider time) => new(provider, time);

    /// <summary>How long since the call started.</summary>
    public TimeSpan Elapsed => _time.GetElapsedTime(_started);

    /// <summary>Records the gateway's answer; <paramref name="reason"/> is null when the push was accepted.</summary>
    public void Answered(int status, string? reason)
    {
        DeliveryMetrics.GatewayLatency.Record(_time.GetElapsedTime(_started).TotalMilliseconds, new TagList
        {
            { "provider", _provider },
            { "status", status },
        });
        if (!SpanBudget.Take(_parent, failed: reason is not null))
        {
            return;
        }

        using var span = StartSpan();
        span?.SetTag("http.response.status_code", status);
        if (reason is not null)
        {
            span?.SetTag("notifications.reason", reason);
            span?.SetStatus(ActivityStatusCode.Error, reason);
        }
    }

    /// <summary>
    /// Records a request that threw (no answer, so no latency). Returns false, so it can sit in an exception filter
    /// without catching anything.
    /// </summary>
    public bool Threw(Exception exception)
    {
        if (!SpanBudget.Take(_parent, failed: true))
        {
            return false;
        }

        // The type only: a message can quote the request URI, and an APNs URI holds the token.
        using var span = StartSpan();
        span?.SetTag("error.type", exception.GetType().Name);
        span?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        return false;
    }

    private Activity? StartSpan()
    {
        var span = DeliveryMetrics.ActivitySource.StartActivity(
            _provider + " send", ActivityKind.Client, _parent?.Context ?? default, startTime: _startedAt);
        span?.SetTag("notifications.provider", _provider);
        return span;
    }
}
