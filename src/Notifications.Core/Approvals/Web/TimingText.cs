using System.Globalization;
using Notifications.Core.Batches.Files;
using Notifications.Core.Timing;

namespace Notifications.Core.Approvals.Web;

/// <summary>A send's timing options in words, the same on the campaign page, the approval email and the cohort page.</summary>
internal static class TimingText
{
    /// <summary>
    /// The whole timing in one sentence, starting with when sending starts: "Sending starts once approved; users in
    /// their quiet hours (21:00-08:00 their time) wait until they end; at most 6,000 pushes a minute."
    /// </summary>
    public static string Sentence(Campaigns.Campaign campaign, QuietHoursOptions? policy)
    {
        var start = campaign.SendAfter is { } after
            ? $"Sending starts once approved, not before {after.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC"
            : "Sending starts once approved";
        var rest = Describe(campaign.SendOptions, policy);
        return $"{start}; {char.ToLowerInvariant(rest[0])}{rest[1..]}";
    }

    /// <summary>E.g. "held until their quiet hours end (21:00-08:00 their time); at 10:00 each user's time; at most 6,000 a minute".</summary>
    /// <remarks>Without <paramref name="policy"/> (an email, which has no configuration at hand) the hours are left out.</remarks>
    public static string Describe(BatchSendOptions options, QuietHoursOptions? policy)
    {
        var parts = new List<string>();
        var mode = (policy ?? new QuietHoursOptions()).ModeFor(options);
        var hours = policy is null ? "" : $" ({policy.Start}-{policy.End} their time)";
        parts.Add(mode switch
        {
            QuietHoursMode.Defer => $"users in their quiet hours{hours} wait until they end",
            QuietHoursMode.Skip => $"users in their quiet hours{hours} are skipped",
            _ => "no quiet hours",
        });
        if (options.DeliverAt is { } at)
        {
            parts.Add(options.LocalTime ? $"delivered at {at} in each user's time zone" : $"delivered at {at}{(policy is null ? "" : $" ({policy.DefaultTimeZone})")}");
        }

        if (options.MaxPerMinute is { } rate)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"at most {rate:N0} pushes a minute"));
        }

        var text = string.Join("; ", parts);
        return char.ToUpperInvariant(text[0]) + text[1..] + ".";
    }
}
