using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Notifications.Core.Diagnostics;

namespace Notifications.Core.Delivery;

/// <summary>
/// The retry policy both gateway clients share: backoff with jitter honouring Retry-After for retryable errors,
/// one immediate resend after renewing a refused credential, and a hand-back to the caller when the gateway asks
/// for a longer wait than one send should block.
/// </summary>
internal sealed class GatewayRetryLoop
{
    private readonly string _provider;
    private readonly GatewayClientOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public GatewayRetryLoop(string provider, GatewayClientOptions options, TimeProvider time, ILogger logger)
    {
        _provider = provider;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs <paramref name="attempt"/> until it is final or the budget is spent.</summary>
    /// <param name="attempt">Sends once.</param>
    /// <param name="renewCredential">Renews the credential that was refused (a no-op if another caller already did).</param>
    /// <param name="token">The device token, for redacted logs.</param>
    /// <param name="cancellationToken">Stops waiting and sending.</param>
    public async Task<PushOutcome> RunAsync(
        Func<CancellationToken, Task<AttemptResult>> attempt,
        Func<string, CancellationToken, ValueTask> renewCredential,
        string token,
        CancellationToken cancellationToken)
    {
        var renewed = false;
        for (var n = 1; ; n++)
        {
            AttemptResult result;
            try
            {
                result = await attempt(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsNetworkFailure(ex, cancellationToken))
            {
                result = AttemptResult.Retry(new PushOutcome(DeliveryStatus.Transient, ex.GetType().Name, 0, n), null);
            }

            switch (result.Kind)
            {
                case AttemptKind.Done:
                    return result.Outcome with { Attempts = n };

                case AttemptKind.CredentialRejected when !renewed:
                    renewed = true;
                    DeliveryMetrics.Retries.Add(1, new TagList { { "provider", _provider }, { "reason", result.Outcome.Reason } });
                    Log.CredentialRenewed(_logger, _provider, result.Outcome.Reason ?? "?");
                    await renewCredential(result.RejectedCredential!, cancellationToken).ConfigureAwait(false);
                    continue;

                case AttemptKind.Fatal:
                    throw new PushGatewayException(
                        _provider, result.Outcome.HttpStatus, result.Outcome.Reason ?? "Forbidden", isTransient: false,
                        "the gateway refused our credentials or configuration; no push can succeed until an operator fixes it");

                case AttemptKind.CredentialRejected:
                    throw new PushGatewayException(
                        _provider, result.Outcome.HttpStatus, result.Outcome.Reason ?? "Unauthenticated", isTransient: false,
                        "the gateway refused a freshly renewed credential; check the key, team/project and environment");
            }

            if (result.Outcome.HttpStatus == 429)
            {
                DeliveryMetrics.Throttled.Add(1, new KeyValuePair<string, object?>("provider", _provider));
            }

            var delay = RetryBackoff.Delay(n, _options.BaseRetryDelay, result.RetryAfter, Random.Shared.NextDouble());
            if (n >= _options.MaxAttempts || delay > _options.MaxRetryDelay)
            {
                Log.RetriesExhausted(_logger, _provider, TokenRedactor.Redact(token), result.Outcome.Reason ?? "?", n);
                return result.Outcome with { Status = DeliveryStatus.Transient, Attempts = n, RetryAfter = result.RetryAfter };
            }

            DeliveryMetrics.Retries.Add(1, new TagList { { "provider", _provider }, { "reason", result.Outcome.Reason } });
            Log.RetryScheduled(_logger, _provider, TokenRedactor.Redact(token), result.Outcome.Reason ?? "?", n, delay.TotalMilliseconds);
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static bool IsNetworkFailure(Exception ex, CancellationToken cancellationToken) => ex switch
    {
        HttpRequestException => true,
        IOException => true,

        // HttpClient.Timeout surfaces as a cancellation that the caller did not ask for.
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        _ => false,
    };
}
