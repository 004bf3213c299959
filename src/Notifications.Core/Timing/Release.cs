namespace Notifications.Core.Timing;

/// <summary>When one user of a send is pushed.</summary>
/// <param name="At">Null: now. Otherwise the UTC minute the user's group is released.</param>
/// <param name="Skipped">Not pushed at all: in quiet hours under <see cref="QuietHoursMode.Skip"/>, or deferred past the message's time to live.</param>
/// <param name="Quiet">Whether quiet hours decided it (deferred or skipped), not a chosen delivery time.</param>
public readonly record struct Release(DateTime? At, bool Skipped, bool Quiet)
{
    /// <summary>Pushed with the send.</summary>
    public static Release Now => default;
}
