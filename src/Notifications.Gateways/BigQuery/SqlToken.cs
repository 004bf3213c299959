namespace Notifications.Gateways.BigQuery;

/// <summary>One lexical token of a GoogleSQL text.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Text">Its text as written (a literal with its quotes and prefix).</param>
/// <param name="Start">Where it starts in the text.</param>
internal readonly record struct SqlToken(SqlTokenKind Kind, string Text, int Start);
