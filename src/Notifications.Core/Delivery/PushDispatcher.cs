using Notifications.Core.Delivery.Apns;
using Notifications.Core.Delivery.Fcm;
using Notifications.Core.Diagnostics;

namespace Notifications.Core.Delivery;

/// <summary>
/// Sends a chunk through FCM or APNs per item, all at once; the clients' in-flight bounds do the pacing. The first
/// gateway-wide failure (credentials) stops the rest of the chunk and is rethrown.
/// </summary>
public sealed class PushDispatcher : IPushSender
{
    private readonly FcmClient _fcm;
    private readonly ApnsClient _apns;

    /// <summary>Creates the dispatcher; <paramref name="fcm"/> takes the Android pushes, <paramref name="apns"/> the iOS ones.</summary>
    public PushDispatcher(FcmClient fcm, ApnsClient apns)
    {
        _fcm = fcm;
        _apns = apns;
    }

    /// <inheritdoc />
    public async Task<PushOutcome[]> SendAsync(
        IReadOnlyList<PushItem> items,
        Action<int, PushOutcome>? onOutcome = null,
        CancellationToken cancellationToken = default)
    {
        if (items.Count > IPushSender.MaxChunkSize)
        {
            throw new ArgumentException($"a chunk holds at most {IPushSender.MaxChunkSize} pushes, got {items.Count}", nameof(items));
        }

        var outcomes = new PushOutcome[items.Count];
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var failure = new FirstFailure();
        var tasks = new Task[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            tasks[i] = SendOneAsync(i);
        }

        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (failure.Exception is not null || cancellationToken.IsCancellationRequested)
        {
            // Reported below.
        }

        if (failure.Exception is not null)
        {
            throw failure.Exception;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return outcomes;

        async Task SendOneAsync(int index)
        {
            var item = items[index];
            PushOutcome outcome;
            try
            {
                outcome = item.Platform switch
                {
                    PushPlatform.Android => await _fcm.SendAsync(item.Token, item.Message, stop.Token).ConfigureAwait(false),
                    PushPlatform.Ios => await _apns.SendAsync(item.Token, item.Message, stop.Token).ConfigureAwait(false),
                    _ => new PushOutcome(DeliveryStatus.Rejected, "UnknownPlatform", 0, 0),
                };
            }
            catch (PushGatewayException ex)
            {
                failure.Set(ex);
                await stop.CancelAsync().ConfigureAwait(false);
                return;
            }

            outcomes[index] = outcome;
            DeliveryMetrics.Pushes.Add(1, new("provider", item.Platform == PushPlatform.Android ? FcmClient.Provider : ApnsClient.Provider), new("status", outcome.Status));
            onOutcome?.Invoke(index, outcome);
        }
    }

    private sealed class FirstFailure
    {
        private PushGatewayException? _exception;

        public PushGatewayException? Exception => Volatile.Read(ref _exception);

        public void Set(PushGatewayException ex) => Interlocked.CompareExchange(ref _exception, ex, null);
    }
}
