using Notifications.Core.Approvals.Review;
using Notifications.Core.Campaigns;

namespace Notifications.Core.Tests.Approvals.Review;

public sealed class PlaceholderValueCheckTests
{
    private static readonly IReadOnlySet<string> Schemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "https", "socialapp" };

    [Theory]
    [InlineData("Ana")]
    [InlineData("Chloé")]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("Note: the artist is here")]
    [InlineData("10:00 tonight")]
    [InlineData("Dr. J. Smith")]
    public void Problem_OrdinaryValue_None(string? value) => Assert.Null(PlaceholderValueCheck.Problem(value, new PlaceholderRule(), Schemes));

    [Theory]
    [InlineData("https://evil.example/login", "looks like a link")]
    [InlineData("visit www.evil.example", "looks like a link")]
    [InlineData("www.evil.example", "looks like a link")]
    [InlineData("javascript:alert(1)", "looks like a link")]
    [InlineData("mailto:help@evil.example", "looks like a link")]
    [InlineData("go to bit.ly/x12", "looks like a link")]
    [InlineData("evil.example/reset", "looks like a link")]
    [InlineData("Ana\nSecurity alert", "line break")]
    [InlineData("Ana\u2028alert", "line break")]
    [InlineData("Ana\u202Eretsiger", "control or text-direction")]
    [InlineData("Ana\u0007", "control or text-direction")]
    [InlineData("{{ first_name }}", "'{{'")]
    public void Problem_RefusedValue_NamesWhyNeverTheValue(string value, string why)
    {
        var problem = PlaceholderValueCheck.Problem(value, new PlaceholderRule(), Schemes);

        Assert.NotNull(problem);
        Assert.Contains(why, problem, StringComparison.Ordinal);
        Assert.DoesNotContain(value, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_LongerThanTheRule_Refused()
    {
        Assert.Null(PlaceholderValueCheck.Problem(new string('a', 100), new PlaceholderRule(), Schemes));
        Assert.Contains("101 characters long; at most 100", PlaceholderValueCheck.Problem(new string('a', 101), new PlaceholderRule(), Schemes), StringComparison.Ordinal);
        Assert.Contains("at most 12", PlaceholderValueCheck.Problem("Maximiliano Sr", new PlaceholderRule { MaxLength = 12 }, Schemes), StringComparison.Ordinal);
    }

    [Fact]
    public void Problem_LineBreaksAllowed_OnlyWhereDeclared()
    {
        Assert.Null(PlaceholderValueCheck.Problem("line one\nline two", new PlaceholderRule { LineBreaks = true }, Schemes));
        Assert.NotNull(PlaceholderValueCheck.Problem("line one\nline two", new PlaceholderRule(), Schemes));
    }

    [Theory]
    [InlineData("https://social.example/posts/42", true)]
    [InlineData("socialapp://posts/42", true)]
    [InlineData("javascript:alert(1)", false)]
    [InlineData("http://social.example/posts/42", false)]
    [InlineData("posts/42", false)]
    [InlineData("https://social.example/a b", false)]
    public void Problem_LinkColumn_OnlyAllowedAbsoluteLinks(string value, bool allowed) =>
        Assert.Equal(allowed, PlaceholderValueCheck.Problem(value, new PlaceholderRule { Link = true }, Schemes) is null);
}
