using Notifications.Core.Delivery;

namespace Notifications.Core.Approvals.Review;

/// <summary>
/// One distinct form a user can get: an arm's message in one language (the default included), with how many of the
/// audience it reaches.
/// </summary>
public sealed record ReviewForm
{
    /// <summary>The arm (variant index; 0 for a single message).</summary>
    public int Arm { get; init; }

    /// <summary>The variant's name; null for a single message.</summary>
    public string? ArmName { get; init; }

    /// <summary>The arm's share of the audience, in percent.</summary>
    public decimal Percent { get; init; }

    /// <summary>The language (canonical BCP 47 tag); null for the default, which every other language gets.</summary>
    public string? Locale { get; init; }

    /// <summary>The form as written, placeholders and all (it has no locales of its own).</summary>
    public required PushMessage Template { get; init; }

    /// <summary>Users with at least one device that gets this form.</summary>
    public long Users { get; init; }

    /// <summary>Devices that get this form.</summary>
    public long Devices => AndroidDevices + IosDevices;

    /// <summary>Of <see cref="Devices"/>, Android ones.</summary>
    public long AndroidDevices { get; init; }

    /// <summary>Of <see cref="Devices"/>, iOS ones.</summary>
    public long IosDevices { get; init; }

    /// <summary>"Variant b · French (fr)": how every page, email and test names the form.</summary>
    public string Label => ReviewLabels.Title(ArmName, Locale);
}
