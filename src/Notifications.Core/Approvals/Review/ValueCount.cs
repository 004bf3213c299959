namespace Notifications.Core.Approvals.Review;

/// <summary>One of a placeholder column's most common values.</summary>
/// <param name="Value">The value, as users will read it.</param>
/// <param name="Count">Users with it (an upper bound when <paramref name="Exact"/> is false).</param>
/// <param name="Exact">Whether <paramref name="Count"/> is exact; counts are estimated past the column's first values.</param>
public sealed record ValueCount(string Value, long Count, bool Exact);
