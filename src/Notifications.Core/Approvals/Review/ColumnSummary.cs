namespace Notifications.Core.Approvals.Review;

/// <summary>What the audience's values of one placeholder column are, for the approvers.</summary>
public sealed record ColumnSummary
{
    /// <summary>The column (the placeholder's name).</summary>
    public required string Column { get; init; }

    /// <summary>Users with a value (the rest get the placeholder's default).</summary>
    public long WithValue { get; init; }

    /// <summary>Users without a value (null or empty): they get the default.</summary>
    public long Empty { get; init; }

    /// <summary>Distinct values (estimated when <see cref="DistinctExact"/> is false).</summary>
    public long Distinct { get; init; }

    /// <summary>Whether <see cref="Distinct"/> is an exact count.</summary>
    public bool DistinctExact { get; init; }

    /// <summary>The most common values, most common first.</summary>
    public IReadOnlyList<ValueCount> Top { get; init; } = [];

    /// <summary>The longest value (the first one met of that length), in full; null when no user has a value.</summary>
    public string? Longest { get; init; }
}
