namespace Notifications.Core.Delivery;

/// <summary>
/// A campaign message rendered once to both wire forms, so that sending a chunk only splices the device token in.
/// Built by <see cref="PayloadRenderer.Render"/>, which also enforces the 4 KB limits.
/// </summary>
public sealed class PreparedMessage
{
    internal PreparedMessage(
        string campaignId,
        string collapseId,
        ReadOnlyMemory<byte> fcmMessageMembers,
        ReadOnlyMemory<byte> apnsBody,
        TimeSpan? timeToLive,
        PushPriority priority,
        string payloadHash)
    {
        CampaignId = campaignId;
        CollapseId = collapseId;
        FcmMessageMembers = fcmMessageMembers;
        ApnsBody = apnsBody;
        TimeToLive = timeToLive;
        Priority = priority;
        PayloadHash = payloadHash;
    }

    /// <summary>The campaign this message belongs to.</summary>
    public string CampaignId { get; }

    /// <summary>APNs <c>apns-collapse-id</c> and FCM <c>collapse_key</c>/<c>tag</c>: the same for every push of a campaign.</summary>
    public string CollapseId { get; }

    /// <summary>The members of the FCM <c>message</c> object except <c>token</c>, as UTF-8 JSON without braces.</summary>
    public ReadOnlyMemory<byte> FcmMessageMembers { get; }

    /// <summary>The APNs request body (<c>{"aps":{...},...}</c>).</summary>
    public ReadOnlyMemory<byte> ApnsBody { get; }

    /// <summary>How long the gateways should keep the push for an offline device.</summary>
    public TimeSpan? TimeToLive { get; }

    /// <summary>Delivery priority.</summary>
    public PushPriority Priority { get; }

    /// <summary>A short hash of both rendered forms; identifies the exact payload in logs and gateway records.</summary>
    public string PayloadHash { get; }
}
