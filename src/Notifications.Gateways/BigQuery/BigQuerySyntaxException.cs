namespace Notifications.Gateways.BigQuery;

/// <summary>A text the loopback BigQuery cannot read as GoogleSQL; the message is BigQuery-style, with <c>[line:column]</c>.</summary>
public sealed class BigQuerySyntaxException : FormatException
{
    /// <summary>Creates the exception; <paramref name="message"/> is BigQuery's wording, ending with the <c>[line:column]</c> of the problem.</summary>
    public BigQuerySyntaxException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception without a message, for the standard exception pattern; the statement splitter always gives one.</summary>
    public BigQuerySyntaxException()
    {
    }

    /// <summary>Creates the exception with a BigQuery-style <paramref name="message"/> over the failure that caused it.</summary>
    public BigQuerySyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
