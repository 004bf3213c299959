namespace Notifications.Core.Delivery;

/// <summary>Delivery priority, mapped to FCM <c>android.priority</c> and APNs <c>apns-priority</c>.</summary>
public enum PushPriority
{
    /// <summary>Deliver now and wake the device (FCM <c>high</c>, APNs 10).</summary>
    High,

    /// <summary>Power-aware delivery (FCM <c>normal</c>, APNs 5).</summary>
    Normal,
}
