namespace Notifications.Local.Tests;

/// <summary>
/// The tests that start whole <c>notify</c> processes (each with its own Azurites, durable backend and gateways) take
/// turns: side by side on two cores, beside the browser tests and the Core suite, they starved each other past their
/// timeouts. One after another they take about as long as the Core suite, which runs beside them.
/// </summary>
[CollectionDefinition(Name)]
public sealed class NotifyProcessCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "notify processes";
}
