using System.Text.Json;

namespace Notifications.Core.Batches.Files;

/// <summary>
/// Writes a batch file as a stream: the header first, then audience entries as they come (from a query, say), so
/// a list of millions never sits in memory. The flows that write batch files (approvals, cohorts, test sends) use
/// it; <see cref="BatchFileReader"/> reads what it writes.
/// </summary>
public sealed class BatchFileWriter : IAsyncDisposable
{
    private readonly Utf8JsonWriter _json;
    private bool _inDevices;

    private BatchFileWriter(Stream stream, BatchHeader header)
    {
        _json = new Utf8JsonWriter(stream);
        _json.WriteStartObject();
        _json.WriteString("campaignId", header.CampaignId);
        if (header.Message is not null)
        {
            _json.WritePropertyName("message");
            JsonSerializer.Serialize(_json, header.Message, BatchFileReader.JsonOptions);
        }

        if (header.Experiment is not null)
        {
            _json.WritePropertyName("experiment");
            JsonSerializer.Serialize(_json, header.Experiment, BatchFileReader.JsonOptions);
        }

        _json.WritePropertyName("options");
        JsonSerializer.Serialize(_json, header.Options, BatchFileReader.JsonOptions);
        _json.WriteStartObject("audience");
        if (header.Columns is { Count: > 0 } columns)
        {
            _json.WriteStartArray("columns");
            foreach (var column in columns)
            {
                _json.WriteStringValue(column);
            }

            _json.WriteEndArray();
        }

        _json.WriteStartArray("users");
    }

    /// <summary>Users written so far.</summary>
    public long Users { get; private set; }

    /// <summary>Starts a file on <paramref name="stream"/>.</summary>
    public static BatchFileWriter Create(Stream stream, BatchHeader header) => new(stream, header);

    /// <summary>Adds a user to the audience, with <paramref name="values"/> (one per column of the header's <c>Columns</c>) or without.</summary>
    public async ValueTask AddUserAsync(string userId, IReadOnlyList<string?>? values = null, CancellationToken cancellationToken = default)
    {
        if (_inDevices)
        {
            throw new InvalidOperationException("users come before devices");
        }

        if (values is null)
        {
            _json.WriteStringValue(userId);
        }
        else
        {
            // An array, not an object: the column names are said once, in audience.columns, not on each of millions of users.
            _json.WriteStartArray();
            _json.WriteStringValue(userId);
            foreach (var value in values)
            {
                _json.WriteStringValue(value);
            }

            _json.WriteEndArray();
        }

        Users++;
        if (_json.BytesPending > 32 * 1024)
        {
            await _json.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Adds an explicit device to the audience.</summary>
    public void AddDevice(Delivery.PushPlatform platform, string token, string? userId)
    {
        if (!_inDevices)
        {
            _json.WriteEndArray();
            _json.WriteStartArray("devices");
            _inDevices = true;
        }

        _json.WriteStartObject();
        _json.WriteString("platform", Devices.PlatformNames.ToName(platform));
        _json.WriteString("token", token);
        if (userId is not null)
        {
            _json.WriteString("userId", userId);
        }

        _json.WriteEndObject();
    }

    /// <summary>Closes the JSON and flushes: the file is complete. A writer disposed without it leaves the JSON open.</summary>
    public async ValueTask CompleteAsync(CancellationToken cancellationToken = default)
    {
        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.WriteEndObject();
        await _json.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _json.DisposeAsync();
}
