using Notifications.Core.Delivery;

namespace Notifications.Core.Approvals.Testing;

/// <summary>One device a test push went to, and what happened to it.</summary>
/// <param name="Platform">Android or iOS.</param>
/// <param name="Token">A redacted hint of its token (<see cref="TokenRedactor"/>), so a person can tell their phones apart.</param>
/// <param name="Outcome">What the gateway said; null until the test's send has ended.</param>
public sealed record TestDevice(PushPlatform Platform, string Token, TestOutcome? Outcome = null);
