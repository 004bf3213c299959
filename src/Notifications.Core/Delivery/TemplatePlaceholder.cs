namespace Notifications.Core.Delivery;

/// <summary>One placeholder of a <see cref="MessageTemplate"/>.</summary>
/// <param name="Column">The audience column it is filled from.</param>
/// <param name="Default">What a user without a value gets; null renders nothing.</param>
public readonly record struct TemplatePlaceholder(string Column, string? Default);
