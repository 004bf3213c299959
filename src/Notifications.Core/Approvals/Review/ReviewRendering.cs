using Notifications.Core.Delivery;

namespace Notifications.Core.Approvals.Review;

/// <summary>A sampled user's push in one of the forms their devices get, with their own values filled in.</summary>
/// <param name="Locale">The form's language; null for the default.</param>
/// <param name="Platforms">The user's devices that get it (e.g. android, ios).</param>
/// <param name="Message">The push exactly as those devices get it.</param>
public sealed record ReviewRendering(string? Locale, IReadOnlyList<PushPlatform> Platforms, PushMessage Message);
