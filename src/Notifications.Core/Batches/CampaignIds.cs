using System.Text.RegularExpressions;

namespace Notifications.Core.Batches;

/// <summary>What a campaign id may look like: it ends up in blob names, table keys and collapse ids.</summary>
public static partial class CampaignIds
{
    /// <summary>1-128 of letters, digits, '.', '_' and '-'.</summary>
    public static bool IsValid(string? campaignId) => campaignId is not null && Pattern().IsMatch(campaignId);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$")]
    private static partial Regex Pattern();
}
