using Notifications.Core.Audience;

namespace Notifications.Core.Tests.Audience;

public sealed class AudienceErrorRedactorTests
{
    [Fact]
    public void Redact_DuckDbConversionOfData_ValueReplaced()
    {
        var message = AudienceErrorRedactor.Redact(
            "Conversion Error: Could not convert string 'root:x:0:0:root:/root:/bin/bash' to INT32 when casting from source column bio",
            "SELECT CAST(bio AS INTEGER) AS user_id FROM profiles");

        Assert.Equal("Conversion Error: Could not convert string '…' to INT32 when casting from source column bio", message);
    }

    [Fact]
    public void Redact_ValueContainingQuotes_NoPieceLeaks()
    {
        var message = AudienceErrorRedactor.Redact("Could not convert string 'it's a ' secret 'x' to INT32", "SELECT CAST(note AS INTEGER) AS user_id FROM t");

        Assert.DoesNotContain("secret", message, StringComparison.Ordinal);
        Assert.Contains("to INT32", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Redact_BigQueryBadValueUnquoted_ValueReplaced()
    {
        var message = AudienceErrorRedactor.Redact("Bad int64 value: 4111-1111-1111-1111", "SELECT CAST(card AS INT64) AS user_id FROM payments");

        Assert.Equal("Bad int64 value: …", message);
    }

    [Theory]
    [InlineData("Parser Error: syntax error at or near \"SELEC\"", "SELEC user_id FROM follows")]
    [InlineData("Permission Error: Cannot access file \"/etc/passwd\" - file system operations are disabled by configuration", "SELECT content AS user_id FROM read_text('/etc/passwd')")]
    [InlineData("Catalog Error: Table with name 'nowhere' does not exist!", "SELECT user_id FROM nowhere")]
    [InlineData("Binder Error: Referenced column \"user_id\" not found in FROM clause!", "SELECT DISTINCT CAST(user_id AS VARCHAR) AS user_id FROM (SELECT email FROM fans) AS audience")]
    [InlineData("Syntax error: Unexpected keyword DELETE at [2:1]", "DELETE FROM users")]
    [InlineData("Binder Error: can't compare a date with '2026-11-25'", "SELECT user_id FROM t WHERE d = '2026-11-25'")]
    public void Redact_AboutThePersonsOwnSql_KeptAsIs(string engine, string query) =>
        Assert.Equal(engine, AudienceErrorRedactor.Redact(engine, query));

    [Fact]
    public void Redact_FragmentOnlyInsideALongerWordOfTheQuery_Replaced()
    {
        // "use" is in "user_id", but not as a token the person wrote: it came from the data.
        var message = AudienceErrorRedactor.Redact("Invalid Input Error: value \"use\" is not a date", "SELECT user_id FROM t WHERE CAST(note AS DATE) > d");

        Assert.Equal("Invalid Input Error: value \"…\" is not a date", message);
    }

    [Fact]
    public void Redact_UnclosedQuote_RestOfTheLineReplaced()
    {
        var message = AudienceErrorRedactor.Redact("Invalid Input Error: near 'root:x:0:0 secret\nLINE 1: SELECT user_id", "SELECT user_id FROM t");

        Assert.Equal("Invalid Input Error: near '…\nLINE 1: SELECT user_id", message);
    }

    [Fact]
    public void Redact_LongMessage_Capped()
    {
        var message = AudienceErrorRedactor.Redact("Error: " + new string('x', 5000), "SELECT 1");

        Assert.Equal(AudienceErrorRedactor.MaxLength, message.Length);
        Assert.EndsWith(AudienceErrorRedactor.Placeholder, message, StringComparison.Ordinal);
    }
}
