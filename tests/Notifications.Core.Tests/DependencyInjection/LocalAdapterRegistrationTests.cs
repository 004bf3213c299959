using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Notifications.Adapters.Local.Audience.DuckDb;
using Notifications.Adapters.Local.DependencyInjection;
using Notifications.Adapters.Local.Email.Smtp;
using Notifications.Core.Audience;
using Notifications.Core.DependencyInjection;
using Notifications.Core.Email;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.DependencyInjection;

/// <summary>
/// The local engine and provider exist only where a host adds the local adapters: the Functions app (Core alone)
/// configured with them must refuse to start, with a message that says so.
/// </summary>
public sealed class LocalAdapterRegistrationTests
{
    [Fact]
    public void AddNotificationsCore_DuckDbWithoutLocalAdapters_StartValidationNamesTheMissingEngine()
    {
        using var provider = Build(new() { ["Audience:Engine"] = "DuckDb", ["Email:Provider"] = "Smtp" }, local: false);

        var error = Record.Exception(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.Contains("Audience:Engine=DuckDb is a local engine; this host does not include it", Messages(error), StringComparison.Ordinal);
        Assert.Contains("Email:Provider=Smtp is a local provider; this host does not include it", Messages(error), StringComparison.Ordinal);
    }

    [Fact]
    public void AddNotificationsCore_BigQueryAndAcsWithoutLocalAdapters_NoLocalComplaint()
    {
        using var provider = Build(new()
        {
            ["Audience:Engine"] = "BigQuery",
            ["Email:Provider"] = "Acs",
            ["Email:Acs:ConnectionString"] = "endpoint=https://acs.example/;accesskey=" + Convert.ToBase64String(new byte[32]),
        }, local: false);

        var error = Record.Exception(() => provider.GetRequiredService<IStartupValidator>().Validate());

        Assert.DoesNotContain("this host does not include it", Messages(error), StringComparison.Ordinal);
    }

    [Fact]
    public void AddLocalAdapters_DuckDbAndSmtp_CorePortsResolveTheLocalAdapters()
    {
        using var provider = Build(new()
        {
            ["Audience:Engine"] = "duckdb",
            ["Email:Provider"] = "Smtp",
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
        }, local: true);

        Assert.Equal(AudienceEngine.DuckDb, provider.GetRequiredService<IOptions<AudienceOptions>>().Value.Engine);
        Assert.IsType<DuckDbAudienceSource>(provider.GetRequiredService<IAudienceSource>());
        Assert.IsType<SmtpEmailSender>(provider.GetRequiredService<IEmailSender>());
    }

    [Fact]
    public void AddLocalAdapters_DuckDbWithoutDatabasePath_StartValidationFails()
    {
        using var provider = Build(new() { ["Audience:Engine"] = "DuckDb", ["Audience:DuckDb:DatabasePath"] = "" }, local: true);

        var error = Record.Exception(() => provider.GetRequiredService<IOptions<AudienceOptions>>().Value);

        Assert.Contains("DatabasePath", Messages(error), StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, bool local)
    {
        var values = TestSettings.HostDefaults();
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddLogging();
        services.AddNotificationsCore();
        if (local)
        {
            services.AddLocalAdapters();
        }

        return services.BuildServiceProvider();
    }

    /// <summary>Every message in <paramref name="error"/>, through aggregates (one per options type that failed).</summary>
    private static string Messages(Exception? error) => error switch
    {
        null => string.Empty,
        AggregateException aggregate => string.Join("\n", aggregate.InnerExceptions.Select(Messages)),
        _ => error.Message,
    };
}
