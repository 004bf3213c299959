using System.Text.Json.Serialization;

namespace Notifications.Core.Batches;

/// <summary>
/// Where a send is, as the batch orchestrator's custom status and the status API carry it. The JSON names are the
/// wire format (in-flight orchestrations' stored statuses, API clients): they stay these lowercase strings whatever
/// the serializer's naming policy.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<BatchPhase>))]
public enum BatchPhase
{
    /// <summary>Started, no status written yet.</summary>
    [JsonStringEnumMemberName("pending")]
    Pending,

    /// <summary>Reading the audience.</summary>
    [JsonStringEnumMemberName("scanning")]
    Scanning,

    /// <summary>Planning and sending shards.</summary>
    [JsonStringEnumMemberName("sending")]
    Sending,

    /// <summary>Only groups held for later (quiet hours, a local delivery time) are left.</summary>
    [JsonStringEnumMemberName("waiting")]
    Waiting,

    /// <summary>Cancelled; stopping the shards.</summary>
    [JsonStringEnumMemberName("cancelling")]
    Cancelling,

    /// <summary>Sent; deleting the registrations of tokens the gateways reported dead.</summary>
    [JsonStringEnumMemberName("removing dead tokens")]
    RemovingDeadTokens,

    /// <summary>Finished.</summary>
    [JsonStringEnumMemberName("done")]
    Done,
}
