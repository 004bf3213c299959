using Notifications.Core.Delivery;

namespace Notifications.Core.Batches.Sending;

/// <summary>The final outcome of one device of one chunk.</summary>
/// <param name="DeviceId"><see cref="Devices.DeviceKeys.DeviceId"/>.</param>
/// <param name="Status">Delivered, InvalidToken or Rejected (transient failures are not final, so not recorded).</param>
/// <param name="Reason">The gateway's reason code.</param>
public readonly record struct LedgerEntry(string DeviceId, DeliveryStatus Status, string? Reason);
