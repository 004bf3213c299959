using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Notifications.Core.Storage;

namespace Notifications.Core.Batches.Planning;

/// <summary>
/// Writes the experiment exposure log of one shard of a send: a line of newline-delimited JSON per targeted user,
/// control included, at <c>{experiment}/{date}/{batchId}/{shard}.ndjson</c> in the exposures container. BigQuery loads it as is
/// (<c>bq load --source_format=NEWLINE_DELIMITED_JSON</c>), so lift can be measured against the control group.
/// </summary>
internal sealed class ExposureWriter : IAsyncDisposable
{
    private readonly StagedBlockBlobStream _stream;
    private readonly Utf8JsonWriter _json;
    private readonly string _experimentId;
    private readonly string _date;
    private readonly string _campaignId;
    private readonly string _batchId;
    private readonly IReadOnlyList<string> _armNames;

    private ExposureWriter(StagedBlockBlobStream stream, string experimentId, DateOnly date, string campaignId, string batchId, IReadOnlyList<string> armNames)
    {
        _stream = stream;
        _json = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = true });
        _experimentId = experimentId;
        _date = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        _campaignId = campaignId;
        _batchId = batchId;
        _armNames = armNames;
    }

    public static string BlobName(string experimentId, DateOnly date, string batchId, int shard) =>
        $"{experimentId}/{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/{batchId}/{shard.ToString("D4", CultureInfo.InvariantCulture)}.ndjson";

    /// <summary>Starts the log; nothing is visible until <see cref="CommitAsync"/>.</summary>
    public static ExposureWriter Open(
        BlobContainerClient container, string experimentId, DateOnly date, string campaignId, string batchId, int shard, IReadOnlyList<string> armNames) =>
        new(new StagedBlockBlobStream(container.GetBlockBlobClient(BlobName(experimentId, date, batchId, shard))), experimentId, date, campaignId, batchId, armNames);

    /// <summary>Stages what was written so far, so the log never sits whole in memory.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => _stream.FlushAsync(cancellationToken);

    /// <summary>Makes the whole log visible at once (replacing one a failed earlier attempt may have committed).</summary>
    public Task CommitAsync(CancellationToken cancellationToken) => _stream.CommitAsync(null, null, cancellationToken);

    /// <summary>Logs one user's arm (<see cref="Files.ExperimentArms.Control"/> for control).</summary>
    public void Write(string userId, int arm, bool hasDevice)
    {
        _json.WriteStartObject();
        _json.WriteString("experiment_id", _experimentId);
        _json.WriteString("arm", arm < 0 ? "control" : _armNames[arm]);
        _json.WriteString("user_id", userId);
        _json.WriteString("exposure_date", _date);
        _json.WriteString("campaign_id", _campaignId);
        _json.WriteString("batch_id", _batchId);
        _json.WriteBoolean("has_device", hasDevice);
        _json.WriteEndObject();
        _json.Flush();
        _json.Reset();
        _stream.WriteByte((byte)'\n');
    }

    public async ValueTask DisposeAsync()
    {
        await _json.DisposeAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
