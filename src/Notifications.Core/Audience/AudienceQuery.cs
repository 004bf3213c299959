namespace Notifications.Core.Audience;

/// <summary>
/// A query that selects users: SQL returning a <c>user_id</c> column, with BigQuery-style named parameters
/// (<c>@day</c>) whose values travel separately, never concatenated into the text.
/// </summary>
/// <param name="Sql">The query.</param>
/// <param name="Parameters">Named parameter values.</param>
/// <param name="Label">What runs it (a campaign or cohort id), for the engine's job labels.</param>
/// <param name="Columns">
/// Columns the query returns besides <c>user_id</c> whose values go with each user (the message's placeholders name
/// them): names only, checked by <see cref="Delivery.MessageTemplate.IsColumnName"/> before any reaches SQL.
/// </param>
public sealed record AudienceQuery(
    string Sql, IReadOnlyDictionary<string, AudienceParameter>? Parameters = null, string? Label = null, IReadOnlyList<string>? Columns = null);
