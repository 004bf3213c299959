namespace Notifications.Core.Delivery;

/// <summary>What happened to one push.</summary>
public enum DeliveryStatus
{
    /// <summary>The gateway accepted the push.</summary>
    Delivered,

    /// <summary>The token is dead (app uninstalled, token rotated, wrong project): remove it from the registry.</summary>
    InvalidToken,

    /// <summary>The gateway refused the request for a reason retrying cannot fix (payload or configuration).</summary>
    Rejected,

    /// <summary>The gateway kept failing with a retryable error until the retry budget ran out.</summary>
    Transient,
}
