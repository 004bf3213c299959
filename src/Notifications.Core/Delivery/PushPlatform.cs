namespace Notifications.Core.Delivery;

/// <summary>The gateway a device is reached through.</summary>
public enum PushPlatform
{
    /// <summary>Firebase Cloud Messaging (HTTP v1).</summary>
    Android,

    /// <summary>Apple Push Notification service (HTTP/2 provider API).</summary>
    Ios,
}
