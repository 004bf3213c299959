namespace Notifications.Core.Tests.Infrastructure;

/// <summary>Storage names unique to one test, so tests sharing an Azurite never see each other's data.</summary>
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
        };
    }
}
