namespace Notifications.Gateways.BigQuery;

/// <summary>Kinds of GoogleSQL tokens the statement classifier tells apart.</summary>
internal enum SqlTokenKind
{
    /// <summary>A keyword or unquoted identifier.</summary>
    Word,

    /// <summary>A backtick-quoted identifier.</summary>
    Identifier,

    /// <summary>A string or bytes literal, any quoting or prefix.</summary>
    String,

    /// <summary>A numeric literal.</summary>
    Number,

    /// <summary>One punctuation character: brackets, operators, <c>;</c>.</summary>
    Symbol,
}
