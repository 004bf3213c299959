namespace Notifications.Core.Batches.Files;

/// <summary>An A/B test: variants with shares of the audience, and a control group that gets nothing.</summary>
public sealed record Experiment
{
    /// <summary>Stable experiment id; with the user id it decides the user's arm.</summary>
    public required string Id { get; init; }

    /// <summary>The variants, each with its share.</summary>
    public required IReadOnlyList<ExperimentVariant> Variants { get; init; }

    /// <summary>The control group's share, in percent; its users receive nothing.</summary>
    public decimal ControlPercent { get; init; }
}
