namespace Notifications.Core.Approvals.Review;

/// <summary>A user of the hash-chosen sample, rendered in full: what they will really get.</summary>
public sealed record ReviewSample
{
    /// <summary>The user.</summary>
    public required string UserId { get; init; }

    /// <summary>Their arm's name (null for a single message); <see cref="Control"/> users get nothing.</summary>
    public string? ArmName { get; init; }

    /// <summary>Whether the user is in the control group (gets nothing).</summary>
    public bool Control { get; init; }

    /// <summary>Their placeholder values by column (null: none, so the default).</summary>
    public IReadOnlyDictionary<string, string?> Values { get; init; } = new Dictionary<string, string?>();

    /// <summary>Their devices on the campaign's platforms.</summary>
    public int Devices { get; init; }

    /// <summary>Their push in each form their devices get (the default form when they have no device).</summary>
    public IReadOnlyList<ReviewRendering> Renderings { get; init; } = [];
}
