using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notifications.Core.Audience;
using Notifications.Core.Audience.BigQuery;
using Notifications.Core.Delivery;
using Notifications.Core.Delivery.Fcm;
using Notifications.Gateways;
using Notifications.Gateways.BigQuery;

namespace Notifications.Core.Tests.Audience;

/// <summary>BigQuery audience sources wired to the loopback BigQuery, for the engine tests and the security suite.</summary>
internal sealed class LoopbackBigQuerySources(LoopbackGateways gateways) : IDisposable
{
    public const long GiB = 1L << 30;

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("bq-tests-");

    public BigQueryAudienceSource Source(long maximumBytesBilled = 100 * GiB)
    {
        var config = gateways.WriteClientConfiguration(_directory.FullName);
        var options = new BigQueryOptions
        {
            ProjectId = config["Audience:BigQuery:ProjectId"]!,
            BaseUrl = new Uri(config["Audience:BigQuery:BaseUrl"]!),
            ServiceAccountJsonPath = config["Audience:BigQuery:ServiceAccountJsonPath"],
            TokenUri = new Uri(config["Audience:BigQuery:TokenUri"]!),
            TrustedCertificatePath = config["Audience:BigQuery:TrustedCertificatePath"],
            Location = "EU",
            PageSize = 1000,
            MaximumBytesBilled = maximumBytesBilled,
        };
        var tokens = new ServiceAccountTokenSource(options.ReadServiceAccountJson(), options.TokenUri, [BigQueryOptions.Scope],
            options.TrustedCertificatePath, TimeProvider.System, NullLogger.Instance);
        return new BigQueryAudienceSource(new HttpClient(GatewayHttpHandler.Create(options.TrustedCertificatePath)), tokens, Options.Create(options),
            TimeProvider.System, NullLogger<BigQueryAudienceSource>.Instance);
    }

    public static async Task<List<string>> RunAsync(BigQueryAudienceSource source, AudienceQuery query)
    {
        var users = new List<string>();
        await source.RunAsync(query, u =>
        {
            users.Add(u);
            return ValueTask.CompletedTask;
        });
        return users;
    }

    /// <summary>A table name no other test uses, so canned results and job records never mix.</summary>
    public static string Table(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N");

    public List<BigQueryJobRecord> JobsOf(string table) => gateways.BigQuery.Jobs.Where(j => j.Query.Contains(table, StringComparison.Ordinal)).ToList();

    public void Dispose() => _directory.Delete(recursive: true);
}
