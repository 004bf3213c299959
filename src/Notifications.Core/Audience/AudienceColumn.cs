namespace Notifications.Core.Audience;

/// <summary>A column an audience query may read, as the engine's catalogue describes it.</summary>
/// <param name="Table">Its table (or view).</param>
/// <param name="Name">The column.</param>
/// <param name="Type">The engine's type name.</param>
public sealed record AudienceColumn(string Table, string Name, string Type);
