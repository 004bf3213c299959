namespace Notifications.Core.Delivery.Fcm;

/// <summary>Supplies OAuth 2.0 bearer tokens for Google APIs (FCM, BigQuery).</summary>
public interface IGoogleAccessTokenSource
{
    /// <summary>Returns a cached token, fetching a new one only when it is near expiry.</summary>
    /// <exception cref="PushGatewayException">The token endpoint refused or failed.</exception>
    Task<string> GetAccessTokenAsync(CancellationToken cancellationToken = default);

    /// <summary>Forces a new token if <paramref name="rejectedToken"/> is still the current one.</summary>
    Task RenewAsync(string rejectedToken, CancellationToken cancellationToken = default);
}
