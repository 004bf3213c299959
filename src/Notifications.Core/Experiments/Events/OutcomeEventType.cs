namespace Notifications.Core.Experiments.Events;

/// <summary>What an app reports about a push it received.</summary>
public enum OutcomeEventType
{
    /// <summary>The user opened the push (tapped it, or the app opened from it).</summary>
    Opened,

    /// <summary>The user reached the campaign's goal (a named conversion) after the push.</summary>
    Converted,
}
