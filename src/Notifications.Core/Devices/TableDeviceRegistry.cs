using System.Net;
using Azure;
using Azure.Data.Tables;
using Notifications.Core.Delivery;
using Notifications.Core.Storage;

namespace Notifications.Core.Devices;

/// <summary>The device registry on Azure Table Storage (keys: <see cref="DeviceKeys"/>).</summary>
public sealed class TableDeviceRegistry : IDeviceRegistry
{
    /// <summary>
    /// From this many wanted users in one partition on, reading the whole partition (about a thousand users at a
    /// million, one or two pages) beats a range query per user.
    /// </summary>
    internal const int ScanThreshold = 8;

    private static readonly string[] AddressProperties =
        [nameof(DeviceEntity.UserId), nameof(DeviceEntity.Platform), nameof(DeviceEntity.Token), nameof(DeviceEntity.TimeZone), nameof(DeviceEntity.Locale)];

    private readonly StorageClients _storage;
    private readonly TimeProvider _time;

    /// <summary>Creates the registry over the device tables of <paramref name="storage"/>; <paramref name="time"/> stamps each registration.</summary>
    public TableDeviceRegistry(StorageClients storage, TimeProvider time)
    {
        _storage = storage;
        _time = time;
    }

    /// <inheritdoc />
    public async Task<bool> RegisterAsync(
        string userId, PushPlatform platform, string token, string? appId, DeviceLocality? locality = null, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var entity = ToEntity(new DeviceRegistration(userId, platform, token, appId, now, now, locality?.TimeZone, locality?.Locale));
        try
        {
            await Table(userId).AddEntityAsync(entity, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.Conflict)
        {
            // Already registered: keep RegisteredAt, refresh the rest.
            var refresh = new TableEntity(entity.PartitionKey, entity.RowKey)
            {
                [nameof(DeviceEntity.LastSeenAt)] = now,
                [nameof(DeviceEntity.AppId)] = appId,
            };
            if (locality?.TimeZone is { } timeZone)
            {
                refresh[nameof(DeviceEntity.TimeZone)] = timeZone;
            }

            if (locality?.Locale is { } locale)
            {
                refresh[nameof(DeviceEntity.Locale)] = locale;
            }

            await Table(userId).UpdateEntityAsync(refresh, ETag.All, TableUpdateMode.Merge, cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    /// <inheritdoc />
    public async Task<bool> UnregisterAsync(string userId, PushPlatform platform, string token, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        try
        {
            var response = await Table(userId).DeleteEntityAsync(
                DeviceKeys.Partition(userId), DeviceKeys.Row(userId, platform, token), ETag.All, cancellationToken).ConfigureAwait(false);
            return response.Status != (int)HttpStatusCode.NotFound;
        }
        catch (RequestFailedException ex) when (ex.Status == (int)HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DeviceRegistration>> GetDevicesAsync(string userId, CancellationToken cancellationToken = default) =>
        QueryUserAsync(DeviceKeys.Partition(userId), userId, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<DeviceAddress>> GetDevicesAsync(string partition, IReadOnlyCollection<string> userIds, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var table = PartitionTable(partition);
        var devices = new List<DeviceAddress>();
        var wanted = userIds as IReadOnlySet<string> ?? userIds.ToHashSet(StringComparer.Ordinal);
        async Task ReadAsync(string filter)
        {
            // Five properties instead of eleven: the store serialises, and we parse, less than half of every row.
            await foreach (var entity in table.QueryAsync<DeviceEntity>(filter, maxPerPage: 1000, AddressProperties, cancellationToken).ConfigureAwait(false))
            {
                if (PlatformNames.TryParse(entity.Platform, out var platform) && DeviceKeys.IsValidToken(entity.Token)
                    && wanted.Contains(entity.UserId))
                {
                    devices.Add(new DeviceAddress(entity.UserId, platform, entity.Token, entity.TimeZone, entity.Locale));
                }
            }
        }

        if (userIds.Count < ScanThreshold)
        {
            foreach (var userId in userIds)
            {
                await ReadAsync(UserFilter(partition, userId)).ConfigureAwait(false);
            }

            return devices;
        }

        await ReadAsync(TableClient.CreateQueryFilter($"PartitionKey eq {partition}")).ConfigureAwait(false);
        return devices;
    }

    /// <inheritdoc />
    public async Task ImportAsync(IEnumerable<DeviceRegistration> registrations, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);

        // An entity group transaction takes up to 100 entities of one partition.
        var batches = registrations
            .Select(ToEntity)
            .GroupBy(e => e.PartitionKey)
            .SelectMany(g => g.DistinctBy(e => e.RowKey).Chunk(100));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (batch, ct) =>
        {
            var actions = batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e));
            await PartitionTable(batch[0].PartitionKey).SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<DeviceRegistration>> QueryUserAsync(string partition, string userId, CancellationToken cancellationToken)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        var devices = new List<DeviceRegistration>();
        await foreach (var entity in PartitionTable(partition).QueryAsync<DeviceEntity>(UserFilter(partition, userId), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (FromEntity(entity) is { } device)
            {
                devices.Add(device);
            }
        }

        return devices;
    }

    private static string UserFilter(string partition, string userId) => TableClient.CreateQueryFilter(
        $"PartitionKey eq {partition} and RowKey gt {userId + "|"} and RowKey lt {DeviceKeys.RowUpperBound(userId)}");

    private TableClient Table(string userId) => _storage.DevicesFor(DeviceKeys.PartitionIndex(userId));

    private TableClient PartitionTable(string partition) => DeviceKeys.PartitionIndexOf(partition) is var index and >= 0
        ? _storage.DevicesFor(index)
        : throw new ArgumentException("not a registry partition key (p000-p3ff)", nameof(partition));

    private static DeviceEntity ToEntity(DeviceRegistration device) => new()
    {
        PartitionKey = DeviceKeys.Partition(device.UserId),
        RowKey = DeviceKeys.Row(device.UserId, device.Platform, device.Token),
        UserId = device.UserId,
        Platform = device.Platform.ToName(),
        Token = device.Token,
        AppId = device.AppId,
        RegisteredAt = device.RegisteredAt,
        LastSeenAt = device.LastSeenAt,
        TimeZone = device.TimeZone,
        Locale = device.Locale,
    };

    // A row some other writer corrupted is skipped rather than failing a whole send.
    private static DeviceRegistration? FromEntity(DeviceEntity entity) =>
        PlatformNames.TryParse(entity.Platform, out var platform) && DeviceKeys.IsValidToken(entity.Token)
            ? new DeviceRegistration(entity.UserId, platform, entity.Token, entity.AppId, entity.RegisteredAt, entity.LastSeenAt, entity.TimeZone, entity.Locale)
            : null;
}
