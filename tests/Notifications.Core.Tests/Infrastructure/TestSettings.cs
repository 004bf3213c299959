using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Notifications.Core.DependencyInjection;
using Notifications.Core.Storage;

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

    /// <summary>Storage clients on tables and containers of this test's own (<see cref="Storage"/>), created.</summary>
    public static async Task<StorageClients> StorageClientsAsync(AzuriteFixture azurite)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(Storage(azurite)).Build();
        var storage = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddStorage().BuildServiceProvider().GetRequiredService<StorageClients>();
        await storage.EnsureCreatedAsync();
        return storage;
    }

    /// <summary>The settings every host needs to start (approval links are validated at start), for tests that do not use them.</summary>
    public static Dictionary<string, string?> HostDefaults() => new()
    {
        ["Approvals:SigningKeys"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
        ["Approvals:PublicBaseUrl"] = "https://notify.example/",
        ["Approvals:Approvers:0:Email"] = "approver@social.example",
        ["Approvals:Approvers:0:ObjectId"] = "00000000-0000-4000-8000-0000000000a1",
        ["Email:Provider"] = "Smtp",
        ["Audience:Engine"] = "DuckDb",

        // Quiet hours read the wall clock: on, a test run at night would hold its users for the morning. The tests of
        // quiet hours turn them on with a window of their own.
        ["QuietHours:Enabled"] = "false",
    };
}
