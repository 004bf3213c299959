using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;

namespace Notifications.Core.Storage;

/// <summary>The blob and table clients of the app's storage account, and its containers and tables.</summary>
public sealed class StorageClients
{
    private readonly StorageOptions _options;
    private readonly Lock _creationGate = new();
    private Task? _creation;

    /// <summary>Builds the clients from a connection string, or from service URIs with the managed identity.</summary>
    public StorageClients(IOptions<StorageOptions> options)
    {
        _options = options.Value;
        var credential = new Lazy<DefaultAzureCredential>(() => new DefaultAzureCredential());
        if (!string.IsNullOrWhiteSpace(_options.ConnectionString))
        {
            Blobs = new BlobServiceClient(_options.ConnectionString);
            Tables = new TableServiceClient(_options.ConnectionString);
        }
        else
        {
            Blobs = new BlobServiceClient(_options.BlobServiceUri, credential.Value);
            Tables = new TableServiceClient(_options.TableServiceUri, credential.Value);
        }

        var connections = StorageOptions.DeviceAccountList(_options.DevicesConnectionString);
        var endpoints = StorageOptions.DeviceAccountList(_options.DevicesTableServiceUris);
        IReadOnlyList<TableServiceClient> accounts = connections.Count > 0 ? [.. connections.Select(c => new TableServiceClient(c))]
            : endpoints.Count > 0 ? [.. endpoints.Select(e => new TableServiceClient(new Uri(e), credential.Value))]
            : [Tables];
        var shards = accounts.Count * _options.DeviceTablesPerAccount;

        // Shard i lives in account i mod A, so neighbouring partition ranges (planned side by side) hit different
        // accounts. One shard keeps the configured table name, so a registry that never sharded stays where it is.
        DeviceShards = [.. Enumerable.Range(0, shards).Select(i => accounts[i % accounts.Count].GetTableClient(
            shards == 1 ? _options.DevicesTable : _options.DevicesTable + i.ToString(shards > 100 ? "D4" : "D2", System.Globalization.CultureInfo.InvariantCulture)))];
    }

    /// <summary>The blob service.</summary>
    public BlobServiceClient Blobs { get; }

    /// <summary>The table service.</summary>
    public TableServiceClient Tables { get; }

    /// <summary>The container batch files are dropped into.</summary>
    public BlobContainerClient Batches => Blobs.GetBlobContainerClient(_options.BatchesContainer);

    /// <summary>The container of chunk blobs and batch headers.</summary>
    public BlobContainerClient Work => Blobs.GetBlobContainerClient(_options.WorkContainer);

    /// <summary>The container of batch files the system writes (approved campaigns, test sends, cohorts).</summary>
    public BlobContainerClient CampaignBatches => Blobs.GetBlobContainerClient(_options.CampaignBatchesContainer);

    /// <summary>Ad-hoc campaigns.</summary>
    public TableClient Campaigns => Tables.GetTableClient(_options.CampaignsTable);

    /// <summary>The campaigns' audit trail.</summary>
    public TableClient Audit => Tables.GetTableClient(_options.AuditTable);

    /// <summary>Used single-use approval links.</summary>
    public TableClient ApprovalLinks => Tables.GetTableClient(_options.ApprovalLinksTable);

    /// <summary>Cohort run claims: one row per cohort and day, so racing starts schedule a run once (<see cref="Cohorts.CohortScheduler"/>).</summary>
    public TableClient CohortRuns => Tables.GetTableClient(_options.CohortRunsTable);

    /// <summary>Outcome events already recorded (the idempotency gate of <see cref="OutcomeEventLog"/>).</summary>
    public TableClient OutcomeEvents => Tables.GetTableClient(_options.OutcomeEventsTable);

    /// <summary>The container of the outcome event log.</summary>
    public BlobContainerClient OutcomeEventLog => Blobs.GetBlobContainerClient(_options.OutcomeEventsContainer);

    /// <summary>The container of experiment exposure logs.</summary>
    public BlobContainerClient Exposures => Blobs.GetBlobContainerClient(_options.ExposuresContainer);

    /// <summary>
    /// The device registry's tables, each holding a contiguous range of registry partitions
    /// (<see cref="Devices.DeviceKeys.PartitionCount"/> over the count), across one or more accounts.
    /// </summary>
    public IReadOnlyList<TableClient> DeviceShards { get; }

    /// <summary>The registry table holding registry partition <paramref name="partition"/> (0-1,023).</summary>
    public TableClient DevicesFor(int partition) => DeviceShards[partition * DeviceShards.Count / Devices.DeviceKeys.PartitionCount];

    /// <summary>Per-chunk delivery records.</summary>
    public TableClient Ledger => Tables.GetTableClient(_options.LedgerTable);

    /// <summary>The batches table: each send's row (<c>batch</c>), the send index (<c>started</c>) and the rate-limit windows (<c>rate:</c>).</summary>
    public TableClient BatchState => Tables.GetTableClient(_options.BatchesTable);

    /// <summary>Creates every container and table once per process (again after a failed attempt).</summary>
    public Task EnsureCreatedAsync()
    {
        var current = Volatile.Read(ref _creation);
        if (current is { IsFaulted: false, IsCanceled: false })
        {
            return current;
        }

        // Under the lock, so concurrent first callers (a cold host's chunks) share one creation instead of each
        // starting their own.
        lock (_creationGate)
        {
            if (_creation is null || _creation.IsFaulted || _creation.IsCanceled)
            {
                _creation = CreateAsync();
            }

            return _creation;
        }
    }

    private async Task CreateAsync()
    {
        await Batches.CreateIfNotExistsAsync().ConfigureAwait(false);
        await Work.CreateIfNotExistsAsync().ConfigureAwait(false);
        await Exposures.CreateIfNotExistsAsync().ConfigureAwait(false);
        await OutcomeEventLog.CreateIfNotExistsAsync().ConfigureAwait(false);
        await CampaignBatches.CreateIfNotExistsAsync().ConfigureAwait(false);
        foreach (var table in new[] { Ledger, BatchState, Campaigns, Audit, ApprovalLinks, CohortRuns, OutcomeEvents })
        {
            await table.CreateIfNotExistsAsync().ConfigureAwait(false);
        }

        // Up to one registry table per partition (the local host's layout): created side by side.
        await Parallel.ForEachAsync(DeviceShards, new ParallelOptions { MaxDegreeOfParallelism = 16 },
            async (table, ct) => await table.CreateIfNotExistsAsync(ct).ConfigureAwait(false)).ConfigureAwait(false);
    }
}
