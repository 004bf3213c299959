using System.Text.Json.Serialization;
using Notifications.Core.Delivery;

namespace Notifications.Core.Batches.Files;

/// <summary>Everything in a batch file except the audience: what to send and how.</summary>
public sealed record BatchHeader
{
    /// <summary>Identifies the campaign; every push of it shares a collapse id derived from it.</summary>
    public required string CampaignId { get; init; }

    /// <summary>The message everyone gets, when there is no experiment.</summary>
    public PushMessage? Message { get; init; }

    /// <summary>A/B variants and a control group, instead of a single message.</summary>
    public Experiment? Experiment { get; init; }

    /// <summary>The messages sent, in variant order (the single message at 0 without an experiment).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IEnumerable<PushMessage> Messages => Arms.Select(a => a.Message);

    /// <summary>
    /// The arms, in variant order: each variant's name, share and message, or the single message (no name, 100%)
    /// without an experiment.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<(string? Name, decimal Percent, PushMessage Message)> Arms => Experiment is { } experiment
        ? experiment.Variants.Select(v => ((string?)v.Name, v.Percent, v.Message)).ToList()
        : [(null, 100m, Message!)];

    /// <summary>Send options.</summary>
    public BatchSendOptions Options { get; init; } = new();

    /// <summary>
    /// The audience's value columns (<c>audience.columns</c>), which placeholders of the messages are filled from; each
    /// user entry with values gives them in this order. Null when the audience carries none.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Columns { get; init; }
}
