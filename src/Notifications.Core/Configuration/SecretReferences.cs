namespace Notifications.Core.Configuration;

/// <summary>
/// A marker options type whose validation (<see cref="SecretReferencesValidator"/>) runs at start: it carries no
/// values, it only makes the host refuse to start on configuration that would fail later.
/// </summary>
public sealed class SecretReferences
{
}
