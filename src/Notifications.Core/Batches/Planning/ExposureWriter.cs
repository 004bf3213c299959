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
    private readonly string _runDate;
    private readonly string _campaignId;
    private readonly string _batchId;
    private readonly IReadOnlyList<string> _armNames;

    private ExposureWriter(
        StagedBlockBlobStream stream, string experimentId, DateOnly date, DateOnly runDate, string campaignId, string batchId, IReadOnlyList<string> armNames)
    {
        _stream = stream;
        _json = new Utf8JsonWriter(stream, new JsonWriterOptions { SkipValidation = true });
        _experimentId = experimentId;
        _date = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        _runDate = runDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        _campaignId = campaignId;
        _batchId = batchId;
        _armNames = armNames;
    }

    public static string BlobName(string experimentId, DateOnly date, string batchId, int shard) =>
        $"{experimentId}/{date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}/{batchId}/{shard.ToString("D4", CultureInfo.InvariantCulture)}.ndjson";

    /// <summary>Starts the log; nothing is visible until <see cref="CommitAsync"/>.</summary>
    /// <param name="container">The exposures container.</param>
    /// <param name="experimentId">The experiment.</param>
    /// <param name="date">The day the send runs (UTC): the blob's folder.</param>
    /// <param name="runDate">The day the send is for: a cohort run's date (a re-run of a missed day is later), else <paramref name="date"/>.</param>
    /// <param name="campaignId">The campaign.</param>
    /// <param name="batchId">The send.</param>
    /// <param name="shard">The shard this log is of.</param>
    /// <param name="armNames">The variants' names, by arm index.</param>
    public static ExposureWriter Open(
        BlobContainerClient container, string experimentId, DateOnly date, DateOnly runDate, string campaignId, string batchId, int shard, IReadOnlyList<string> armNames) =>
        new(new StagedBlockBlobStream(container.GetBlockBlobClient(BlobName(experimentId, date, batchId, shard))), experimentId, date, runDate, campaignId, batchId, armNames);

    /// <summary>Stages what was written so far, so the log never sits whole in memory.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => _stream.FlushAsync(cancellationToken);

    /// <summary>Makes the whole log visible at once (replacing one a failed earlier attempt may have committed).</summary>
    public Task CommitAsync(CancellationToken cancellationToken) => _stream.CommitAsync(null, null, cancellationToken);

    /// <summary>Logs one user's arm (<see cref="Files.ExperimentArms.Control"/> for control).</summary>
    /// <param name="userId">The user.</param>
    /// <param name="arm">The arm index.</param>
    /// <param name="hasDevice">Whether the plan pushes to the user (now or when their quiet hours end).</param>
    /// <param name="exposedAt">
    /// When the push reaches (or, for control, would have reached) the user: the start of every conversion window, so
    /// a user held through the night is not measured from the evening, and control is measured from the same moment.
    /// </param>
    public void Write(string userId, int arm, bool hasDevice, DateTime exposedAt)
    {
        _json.WriteStartObject();
        _json.WriteString("experiment_id", _experimentId);
        _json.WriteString("arm", arm < 0 ? "control" : _armNames[arm]);
        _json.WriteString("user_id", userId);
        _json.WriteString("exposure_date", _date);
        _json.WriteString("run_date", _runDate);
        _json.WriteString("exposed_at", exposedAt.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
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
