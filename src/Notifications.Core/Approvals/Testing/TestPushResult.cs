using System.Globalization;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;

namespace Notifications.Core.Approvals.Testing;

/// <summary>
/// A test push as it happened, per device: what the test page shows and, word for word (<see cref="Summary"/>), what
/// the audit trail says, so the two can never tell different stories.
/// </summary>
public sealed record TestPushResult
{
    /// <summary>The test (names its result blob).</summary>
    public required string Id { get; init; }

    /// <summary>The campaign, or null for a test from the request form.</summary>
    public string? CampaignId { get; init; }

    /// <summary>Who asked (email).</summary>
    public required string By { get; init; }

    /// <summary>Who asked (object id), when known: only they may read a form test's result.</summary>
    public string? ByObjectId { get; init; }

    /// <summary>Whose devices: "your devices" or the test user's name.</summary>
    public required string Target { get; init; }

    /// <summary>Which form, in words ("variant b, French (fr), as sample user 2").</summary>
    public required string Form { get; init; }

    /// <summary>When it was asked for.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The platforms the campaign pushes to.</summary>
    public IReadOnlyList<PushPlatform> Platforms { get; init; } = [];

    /// <summary>The devices it went to (empty when the target has none on the campaign's platforms).</summary>
    public IReadOnlyList<TestDevice> Devices { get; init; } = [];

    /// <summary>Whether every device has its outcome, or there was nothing to send.</summary>
    public bool Final => NotSentBecause is not null || (Devices.Count > 0 && Devices.All(d => d.Outcome is not null));

    /// <summary>Why nothing was sent, when nothing was (no device, or a target without one on the campaign's platforms).</summary>
    public string? NotSentBecause { get; init; }

    /// <summary>Why the test's send did not run to its end, when it did not (its devices then say "not sent").</summary>
    public string? Failure { get; init; }

    /// <summary>Platforms of the campaign the target has no device on.</summary>
    public IReadOnlyList<PushPlatform> Missing => [.. Platforms.Where(p => Devices.All(d => d.Platform != p))];

    /// <summary>The result in one sentence: the page's headline and the audit entry's detail.</summary>
    public string Summary
    {
        get
        {
            if (NotSentBecause is { } why)
            {
                return $"Test push not sent ({Form}): {why}";
            }

            if (!Final)
            {
                return string.Create(CultureInfo.InvariantCulture, $"Test push ({Form}) to {Target}: sending to {Devices.Count} device(s)");
            }

            var outcomes = string.Join(", ", Devices.GroupBy(d => d.Outcome).OrderBy(g => g.Key)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {Describe(g.Key)}")));
            var missing = Missing.Count == 0 ? string.Empty : $"; no device on {string.Join(" or ", Missing.Select(PlatformNames.ToDisplayName))}";
            var failed = Failure is null ? string.Empty : $"; the send failed: {Failure}";
            return string.Create(CultureInfo.InvariantCulture, $"Test push ({Form}) to {Target}: {outcomes}{missing}{failed}");
        }
    }

    /// <summary>An outcome in words.</summary>
    public static string Describe(TestOutcome? outcome) => outcome switch
    {
        TestOutcome.Delivered => "delivered",
        TestOutcome.DeadToken => "dead token (removed from the registry)",
        TestOutcome.Refused => "refused by the gateway",
        TestOutcome.Failed => "failed (gateway unavailable)",
        TestOutcome.NotSent => "not sent",
        _ => "sending",
    };

    /// <summary>Maps a delivery status to a test outcome.</summary>
    public static TestOutcome Of(DeliveryStatus? status) => status switch
    {
        DeliveryStatus.Delivered => TestOutcome.Delivered,
        DeliveryStatus.InvalidToken => TestOutcome.DeadToken,
        DeliveryStatus.Rejected => TestOutcome.Refused,
        DeliveryStatus.Transient => TestOutcome.Failed,
        _ => TestOutcome.NotSent,
    };
}
