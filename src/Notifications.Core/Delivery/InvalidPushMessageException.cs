namespace Notifications.Core.Delivery;

/// <summary>Thrown when a message cannot be sent as written; lists every problem found.</summary>
public sealed class InvalidPushMessageException : Exception
{
    /// <summary>Creates the exception; its message lists every one of <paramref name="errors"/>, each naming its field.</summary>
    public InvalidPushMessageException(IReadOnlyList<PushMessageError> errors)
        : base("The push message is invalid: " + string.Join("; ", errors))
    {
        Errors = errors;
    }

    /// <summary>The problems, each naming its field.</summary>
    public IReadOnlyList<PushMessageError> Errors { get; }
}
