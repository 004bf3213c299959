namespace Notifications.Core.Delivery;

/// <summary>One problem with a message: the field (JSON path) and what is wrong with it.</summary>
public sealed record PushMessageError(string Field, string Problem)
{
    /// <inheritdoc />
    public override string ToString() => $"{Field}: {Problem}";
}
