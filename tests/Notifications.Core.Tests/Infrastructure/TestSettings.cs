namespace Notifications.Core.Tests.Infrastructure;

/// <summary>Settings for test hosts: storage names unique to one test, so tests sharing an Azurite never see each other's data.</summary>
internal static class TestSettings
{
    public static Dictionary<string, string?> Storage(AzuriteFixture azurite)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        return new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:BatchesContainer"] = $"batches-{id}",
            ["Storage:WorkContainer"] = $"work-{id}",
            ["Storage:ExposuresContainer"] = $"exposures-{id}",
            ["Storage:DevicesTable"] = $"devices{id}",
            ["Storage:LedgerTable"] = $"ledger{id}",
            ["Storage:BatchesTable"] = $"batches{id}",
            ["Storage:CampaignBatchesContainer"] = $"campaign-batches-{id}",
            ["Storage:CampaignsTable"] = $"campaigns{id}",
            ["Storage:AuditTable"] = $"audit{id}",
            ["Storage:ApprovalLinksTable"] = $"links{id}",
            ["Storage:CohortRunsTable"] = $"cohortruns{id}",
        };
    }

    /// <summary>The settings every host needs to start (approval links are validated at start), for tests that do not use them.</summary>
    public static Dictionary<string, string?> HostDefaults() => new()
    {
        ["Approvals:SigningKeys"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        ["Approvals:PublicBaseUrl"] = "https://notify.example/",
        ["Approvals:Approvers:0:Email"] = "approver@social.example",
        ["Email:Provider"] = "Smtp",
        ["Audience:Engine"] = "DuckDb",
    };
}
