namespace Notifications.Core.Tests.Infrastructure;

/// <summary>
/// Tests that wait minutes for real durable timers (a quiet-hours group released at the next whole minutes) on an
/// Azurite of their own, so the wait overlaps the storage collection instead of adding to it.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TimerCollection : ICollectionFixture<AzuriteFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "storage, waiting on timers";
}
