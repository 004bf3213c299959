namespace Notifications.Core.Approvals;

/// <summary>An app user whose devices may receive test pushes (a QA phone, a shared test account).</summary>
public sealed class TestUser
{
    /// <summary>The app user id whose registered devices get the test.</summary>
    public string UserId { get; set; } = string.Empty;

    /// <summary>What people call it (<c>QA Pixel 8</c>); the user id when empty.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The name to show.</summary>
    public string Label => Name is { Length: > 0 } ? Name : UserId;
}
