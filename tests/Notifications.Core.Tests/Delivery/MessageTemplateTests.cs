using Notifications.Core.Delivery;

namespace Notifications.Core.Tests.Delivery;

public sealed class MessageTemplateTests
{
    private static string Render(string text, IReadOnlyDictionary<string, string?> values)
    {
        Assert.True(MessageTemplate.TryParse(text, out var template, out var problem), problem);
        return template.Render(p => values.TryGetValue(p.Column, out var v) && !string.IsNullOrEmpty(v) ? v : p.Default);
    }

    [Theory]
    [InlineData("Hi {{first_name}}!", "Hi Ana!")]
    [InlineData("Hi {{ first_name }}!", "Hi Ana!")]
    [InlineData("Hi {{first_name | default: \"there\"}}!", "Hi Ana!")]
    [InlineData("Hi {{  first_name|default:'there'  }}!", "Hi Ana!")]
    [InlineData("{{first_name}} in {{city}}", "Ana in ")]
    [InlineData("No placeholders", "No placeholders")]
    public void Render_WithValues_FillsEachPlaceholder(string text, string expected) =>
        Assert.Equal(expected, Render(text, new Dictionary<string, string?> { ["first_name"] = "Ana" }));

    [Theory]
    [InlineData("Hi {{first_name | default: \"there\"}}!", "Hi there!")]
    [InlineData("Hi {{first_name}}!", "Hi !")]
    [InlineData("{{ city | default: 'your city' }}", "your city")]
    public void Render_MissingOrEmptyValue_DefaultElseEmpty(string text, string expected)
    {
        Assert.Equal(expected, Render(text, new Dictionary<string, string?>()));
        Assert.Equal(expected, Render(text, new Dictionary<string, string?> { ["first_name"] = "", ["city"] = null }));
    }

    [Fact]
    public void TryParse_Placeholders_ListsColumnsAndDefaults()
    {
        Assert.True(MessageTemplate.TryParse("{{a}} {{ b | default: \"x y\" }} {{a}}", out var template, out _));

        Assert.Equal([new TemplatePlaceholder("a", null), new TemplatePlaceholder("b", "x y"), new TemplatePlaceholder("a", null)], template.Placeholders);
    }

    [Theory]
    [InlineData("Hi {{first_name", "never closed")]
    [InlineData("Hi {{first name}}", "is not {{ column }}")]
    [InlineData("Hi {{ first_name | upcase }}", "is not {{ column }}")]
    [InlineData("Hi {{ first_name | default: there }}", "is not {{ column }}")]
    [InlineData("{{ 'secret' }}", "is not {{ column }}")]
    public void TryParse_NotAPlaceholder_ProblemNamesThePositionNotTheText(string text, string expected)
    {
        Assert.False(MessageTemplate.TryParse(text, out _, out var problem));

        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.Contains("at character ", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ValueLooksLikeAPlaceholder_InsertedAsTextNotParsedAgain() =>
        Assert.Equal("Hi {{city}}!", Render("Hi {{first_name}}!", new Dictionary<string, string?> { ["first_name"] = "{{city}}", ["city"] = "Lisbon" }));
}
