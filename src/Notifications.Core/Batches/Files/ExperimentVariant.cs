using Notifications.Core.Delivery;

namespace Notifications.Core.Batches.Files;

/// <summary>One arm of an experiment.</summary>
public sealed record ExperimentVariant
{
    /// <summary>Short name, e.g. <c>a</c>, <c>friends-copy</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Share of the audience, in percent (two decimals at most).</summary>
    public required decimal Percent { get; init; }

    /// <summary>What this arm receives.</summary>
    public required PushMessage Message { get; init; }
}
