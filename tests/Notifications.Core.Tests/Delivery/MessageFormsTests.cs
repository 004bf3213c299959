using System.Text;
using System.Text.Json;
using Notifications.Core.Delivery;

namespace Notifications.Core.Tests.Delivery;

public sealed class MessageFormsTests
{
    private static readonly PushMessage Localised = new()
    {
        Title = "Hello {{first_name | default: \"there\"}}",
        Body = "A famous artist just joined.",
        Data = new Dictionary<string, string> { ["greeting"] = "hi {{first_name}}" },
        Locales = new Dictionary<string, MessageLocale>
        {
            ["fr"] = new() { Title = "Bonjour {{first_name | default: \"toi\"}}" },
            ["pt"] = new() { Title = "Olá {{first_name | default: \"você\"}}", Body = "Um artista famoso chegou." },
            ["pt-br"] = new() { Title = "Oi {{first_name | default: \"você\"}}" },
            ["zh-Hant"] = new() { Body = "著名藝人加入了。" },
        },
    };

    private static JsonElement Apns(PreparedMessage message) => JsonDocument.Parse(message.ApnsBody).RootElement;

    private static JsonElement Fcm(PreparedMessage message) => JsonDocument.Parse("{" + Encoding.UTF8.GetString(message.FcmMessageMembers.Span) + "}").RootElement;

    [Fact]
    public void Create_Locales_CanonicalAndInOrdinalOrder()
    {
        var forms = MessageForms.Create("c", Localised, ["first_name"]);

        Assert.Equal(["fr", "pt", "pt-BR", "zh-Hant"], forms.Locales);
        Assert.True(forms.IsPersonal);
    }

    [Theory]
    [InlineData("fr", "fr")]
    [InlineData("FR-fr", "fr")]
    [InlineData("pt-BR", "pt-BR")]
    [InlineData("pt-PT", "pt")]
    [InlineData("zh-Hant-TW", "zh-Hant")]
    [InlineData("de-DE", null)]
    [InlineData(null, null)]
    [InlineData("not a locale!", null)]
    public void LocaleFor_DeviceLocale_ExactThenLanguageThenDefault(string? device, string? expected)
    {
        var forms = MessageForms.Create("c", Localised, ["first_name"]);

        var index = forms.LocaleFor(device);

        Assert.Equal(expected, index is { } i ? forms.Locales[i] : null);
    }

    [Fact]
    public void LocaleFor_LanguageOnlyDeviceWithOnlyARegionalVariant_Default()
    {
        var forms = MessageForms.Create("c", new PushMessage { Title = "t", Locales = new Dictionary<string, MessageLocale> { ["pt-BR"] = new() { Title = "o" } } });

        Assert.Null(forms.LocaleFor("pt"));
        Assert.Null(forms.LocaleFor("pt-PT"));
    }

    [Fact]
    public void Render_LocaleAndValues_LocaleTextWithTheUsersValueElseDefault()
    {
        var forms = MessageForms.Create("c", Localised, ["first_name"]);
        var pt = forms.LocaleFor("pt-PT");

        var ana = Apns(forms.Render(pt, ["Ana"]));
        var nobody = Apns(forms.Render(pt, null));
        var english = Fcm(forms.Render(null, [null]));

        Assert.Equal("Olá Ana", ana.GetProperty("aps").GetProperty("alert").GetProperty("title").GetString());
        Assert.Equal("Um artista famoso chegou.", ana.GetProperty("aps").GetProperty("alert").GetProperty("body").GetString());
        Assert.Equal("hi Ana", ana.GetProperty("greeting").GetString());
        Assert.Equal("Olá você", nobody.GetProperty("aps").GetProperty("alert").GetProperty("title").GetString());
        Assert.Equal("Hello there", english.GetProperty("notification").GetProperty("title").GetString());
        Assert.Equal("hi ", english.GetProperty("data").GetProperty("greeting").GetString());
    }

    [Fact]
    public void Render_NoPlaceholders_SameRenderingEveryTime()
    {
        var forms = MessageForms.Create("c", TestMessages.Simple);

        Assert.False(forms.IsPersonal);
        Assert.Same(forms.Render(null, null), forms.Render(null, ["ignored"]));
        Assert.Equal(PayloadRenderer.Render("c", TestMessages.Simple).PayloadHash, forms.Render(null, null).PayloadHash);
    }

    [Theory]
    [InlineData("\"}],\"aps\":{\"alert\":\"pwned\"},\"x\":[{\"")]
    [InlineData("\\\"\u0000\u2028<script>{{first_name}}")]
    public void Render_HostileValue_StaysOneStringInValidJson(string hostile)
    {
        var forms = MessageForms.Create("c", Localised, ["first_name"]);

        var prepared = forms.Render(null, [hostile]);
        var apns = Apns(prepared);
        var fcm = Fcm(prepared);

        Assert.Equal("Hello " + hostile, apns.GetProperty("aps").GetProperty("alert").GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Object, apns.GetProperty("aps").GetProperty("alert").ValueKind);
        Assert.Equal("Hello " + hostile, fcm.GetProperty("notification").GetProperty("title").GetString());
        Assert.Equal(["notification", "data", "android", "fcm_options"], fcm.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Create_PlaceholderNamesNoColumn_FieldErrorNamingTheColumn()
    {
        var message = Localised with { Body = "see {{ frist_name }}" };

        var ex = Assert.Throws<InvalidPushMessageException>(() => MessageForms.Create("c", message, ["first_name"]));

        var error = Assert.Single(ex.Errors, e => e.Field == "message.body");
        Assert.Contains("{{frist_name}} names no column of the audience (first_name)", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_OneUsersValueMakesItTooLong_ThrowsForThatRenderingOnly()
    {
        var forms = MessageForms.Create("c", new PushMessage { Title = "t", Body = "{{bio}}" }, ["bio"]);

        Assert.NotNull(forms.Render(null, [new string('a', 200)]));
        var ex = Assert.Throws<InvalidPushMessageException>(() => forms.Render(null, [new string('a', 5000)]));
        Assert.Contains("the limit is 4096", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("aaaa", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WorstCaseProblems_LongestValuesOverTheLimit_NamedPerForm()
    {
        var message = new PushMessage
        {
            Title = "Hi {{first_name | default: \"there\"}}",
            Body = new string('b', 1900),
            Locales = new Dictionary<string, MessageLocale> { ["fr"] = new() { Body = new string('c', 1000) } },
        };
        var forms = MessageForms.Create("c", message, ["first_name"]);

        Assert.Empty(forms.WorstCaseProblems(new Dictionary<string, int> { ["first_name"] = 300 }));
        var problems = forms.WorstCaseProblems(new Dictionary<string, int> { ["first_name"] = 2200 });

        Assert.Contains(problems, p => p.Field == "message" && p.Problem.Contains("longest value", StringComparison.Ordinal));
        Assert.DoesNotContain(problems, p => p.Field == "message.locales.fr");
    }
}
