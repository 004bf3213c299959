namespace Notifications.Gateways.BigQuery;

/// <summary>A text the loopback BigQuery cannot read as GoogleSQL; the message is BigQuery-style, with <c>[line:column]</c>.</summary>
public sealed class BigQuerySyntaxException : FormatException
{
    /// <summary>Creates the exception.</summary>
    public BigQuerySyntaxException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public BigQuerySyntaxException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public BigQuerySyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
