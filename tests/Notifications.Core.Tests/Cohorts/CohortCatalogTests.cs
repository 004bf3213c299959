using Notifications.Core.Audience;
using Notifications.Core.Batches.Files;
using Notifications.Core.Cohorts;
using Notifications.Core.Delivery;

namespace Notifications.Core.Tests.Cohorts;

public sealed class CohortCatalogTests
{
    public static TheoryData<string> CohortIds() => new(CohortCatalog.All.Select(c => c.Id));

    [Theory]
    [MemberData(nameof(CohortIds))]
    public void Experiment_VariantsPlusControl_Total100(string id)
    {
        var experiment = CohortCatalog.Find(id)!.Experiment;

        Assert.Equal(100m, experiment.Variants.Sum(v => v.Percent) + experiment.ControlPercent);
        Assert.True(experiment.ControlPercent > 0, "a cohort experiment needs a control group to measure lift against");
    }

    [Fact]
    public void Validate_TheCatalogOfThisBuild_NoProblems()
    {
        Assert.Empty(CohortCatalog.Validate(CohortCatalog.All));
        Assert.Equal(["day1-unfinished-signup", "day2-engagement", "day21-inactive"], CohortCatalog.All.Select(c => c.Id));
    }

    [Fact]
    public void Validate_SharesTotal95_RefusedNamingTheCohort()
    {
        var broken = CohortCatalog.All[0] with
        {
            Experiment = CohortCatalog.All[0].Experiment with { ControlPercent = 5 },
        };

        var problems = CohortCatalog.Validate([broken]);

        var problem = Assert.Single(problems);
        Assert.StartsWith("cohort 'day1-unfinished-signup': experiment", problem, StringComparison.Ordinal);
        Assert.Contains("100", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_DuplicateIdsAndUnusedParameter_EachReported()
    {
        var first = CohortCatalog.All[2];
        var twin = first with { Experiment = first.Experiment with { Id = "other" }, Sql = "SELECT user_id FROM events" };

        var problems = CohortCatalog.Validate([first, twin]);

        Assert.Contains(problems, p => p.Contains("used twice", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("parameter 'last_login_day' is not used", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_VariantPayloadOver4KB_Refused()
    {
        var first = CohortCatalog.All[1];
        var huge = first with
        {
            Experiment = first.Experiment with
            {
                Variants = [first.Experiment.Variants[0] with { Message = new PushMessage { Title = "t", Body = new string('x', 5000) } }, first.Experiment.Variants[1]],
            },
        };

        Assert.Contains(CohortCatalog.Validate([huge]), p => p.Contains("experiment.variants[0].message", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("day1-unfinished-signup", "signup_day", "2026-11-25")]
    [InlineData("day2-engagement", "signup_day", "2026-11-24")]
    [InlineData("day21-inactive", "last_login_day", "2026-11-05")]
    public void QueryFor_RunDate_DatesTravelAsDateParametersNotText(string id, string parameter, string expected)
    {
        var query = CohortCatalog.Find(id)!.QueryFor(new DateOnly(2026, 11, 26));

        Assert.Equal(new AudienceParameter(AudienceParameterType.Date, expected), query.Parameters![parameter]);
        Assert.Contains("@" + parameter, query.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain("2026", query.Sql, StringComparison.Ordinal);
    }

    [Fact]
    public void OptionsValidator_BadScheduleUnknownKeyAndZone_FailsWithEach()
    {
        var options = new CohortOptions { TimeZone = "Mars/Olympus" };
        options.Schedules["Day21Inactive"] = "every day at nine";
        options.Schedules["Day99Nothing"] = "0 0 9 * * *";
        options.Disabled.Add("day7-lost");

        var result = new CohortOptionsValidator().Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains(failures, f => f.StartsWith("Cohorts:Schedules:Day21Inactive: 'every day at nine' is not a six-field NCRONTAB", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Cohorts:Schedules:Day99Nothing: not a cohort", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Cohorts:Disabled: 'day7-lost' is not a cohort", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Cohorts:TimeZone: 'Mars/Olympus'", StringComparison.Ordinal));
    }

    [Fact]
    public void OptionsValidator_BrokenDefinition_HostRefusesToStart()
    {
        var broken = CohortCatalog.All[0] with { Experiment = CohortCatalog.All[0].Experiment with { ControlPercent = 50 } };

        var result = new CohortOptionsValidator([broken, .. CohortCatalog.All.Skip(1)]).Validate(null, new CohortOptions());

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.StartsWith("cohort 'day1-unfinished-signup'", StringComparison.Ordinal));
        Assert.True(new CohortOptionsValidator().Validate(null, new CohortOptions()).Succeeded);
    }
}
