namespace Notifications.Core.Timing;

/// <summary>What a campaign does with a user whose quiet hours it would reach.</summary>
public enum QuietHoursMode
{
    /// <summary>Push when the user's quiet hours end (the default for marketing sends).</summary>
    Defer,

    /// <summary>Do not push this user at all.</summary>
    Skip,

    /// <summary>Push regardless (the default for transactional sends: a receipt or security notice cannot wait).</summary>
    Ignore,
}
