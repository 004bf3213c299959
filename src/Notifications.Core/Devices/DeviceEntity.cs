using Azure;
using Azure.Data.Tables;

namespace Notifications.Core.Devices;

/// <summary>A device registration as stored in the registry table.</summary>
internal sealed class DeviceEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string UserId { get; set; } = string.Empty;

    /// <summary><c>android</c> or <c>ios</c>.</summary>
    public string Platform { get; set; } = string.Empty;

    public string Token { get; set; } = string.Empty;

    public string? AppId { get; set; }

    public DateTimeOffset RegisteredAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>IANA time zone, when the app sent one.</summary>
    public string? TimeZone { get; set; }

    /// <summary>BCP 47 locale, when the app sent one.</summary>
    public string? Locale { get; set; }
}
