namespace Notifications.Core.Delivery;

/// <summary>Sends a chunk of pushes through the right gateway for each device.</summary>
public interface IPushSender
{
    /// <summary>The most items one call takes, as with the Firebase Admin SDKs' <c>sendEach</c>.</summary>
    const int MaxChunkSize = 500;

    /// <summary>
    /// Sends every item and returns one outcome per item, in input order. Per-item failures are outcomes, not
    /// exceptions; a <see cref="PushGatewayException"/> means the gateway cannot be used at all (credentials).
    /// </summary>
    /// <param name="items">At most <see cref="MaxChunkSize"/> items.</param>
    /// <param name="onOutcome">Called as each push completes (from any thread), so a caller can record progress before the chunk ends.</param>
    /// <param name="cancellationToken">Stops sending; items not yet sent are not sent.</param>
    Task<PushOutcome[]> SendAsync(
        IReadOnlyList<PushItem> items,
        Action<int, PushOutcome>? onOutcome = null,
        CancellationToken cancellationToken = default);
}
