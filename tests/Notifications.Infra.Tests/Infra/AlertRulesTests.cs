using System.Diagnostics.Metrics;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Notifications.Core.Batches.Orchestration;
using Notifications.Core.Delivery;
using Notifications.Core.Diagnostics;
using Notifications.Infra.Tests.Infrastructure;

namespace Notifications.Infra.Tests.Infra;

/// <summary>
/// The alert rules in infra/modules/alerts.bicep query log lines and metrics the code writes. These tests render the
/// real log lines and read the real instruments, so a reworded message or a renamed metric breaks the build instead
/// of silently muting an alert.
/// </summary>
public sealed partial class AlertRulesTests
{
    [Fact]
    public async Task BatchFailed_Query_MatchesTheFailedBatchLogLine()
    {
        var line = Render(logger => Log.BatchEnded(logger, "batch-x-0123", BatchOutcome.Failed.ToString(), 10, 1, 0, 5, 16));
        var other = Render(logger => Log.BatchEnded(logger, "batch-x-0123", BatchOutcome.Completed.ToString(), 16, 0, 0, 0, 16));

        var rule = await RuleAsync("batch-failed");

        Assert.True(TraceFilterMatches(rule, line), $"{rule} does not match '{line}'");
        Assert.False(TraceFilterMatches(rule, other), $"{rule} matches a completed batch: '{other}'");
    }

    [Fact]
    public async Task CohortRunFailed_Query_MatchesTheFailedCohortLogLine()
    {
        var line = Render(logger => Log.CohortEnded(logger, "cohort-day21-inactive-2026-11-26", "Failed", 0, 0));
        var other = Render(logger => Log.CohortEnded(logger, "cohort-day21-inactive-2026-11-26", "Completed", 414, 359));

        var rule = await RuleAsync("cohort-run-failed");

        Assert.True(TraceFilterMatches(rule, line), $"{rule} does not match '{line}'");
        Assert.False(TraceFilterMatches(rule, other), $"{rule} matches a completed run: '{other}'");
    }

    [Fact]
    public async Task ApprovalEmailFailed_Query_MatchesTheCampaignStepLogLine()
    {
        var line = Render(logger => Log.CampaignStepFailed(logger, "spring-sale", "approval-email-failed"));

        var rule = await RuleAsync("approval-email-failed");

        Assert.True(TraceFilterMatches(rule, line), $"{rule} does not match '{line}'");
    }

    [Fact]
    public async Task MetricRules_Instruments_AreTheOnesTheCodePublishes()
    {
        var instruments = typeof(DeliveryMetrics).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetValue(null)).OfType<Instrument>().Select(i => i.Name).ToHashSet();
        var rules = await RulesAsync();
        var metricRules = rules.Where(r => r.Query.StartsWith("customMetrics", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(metricRules);
        foreach (var (name, query) in metricRules)
        {
            var metric = MetricName().Match(query);
            Assert.True(metric.Success && instruments.Contains(metric.Groups[1].Value), $"{name}: no instrument {metric.Groups[1].Value}");
        }

        // The statuses the failure ratio counts are outcomes the code records.
        var ratio = rules.Single(r => r.Name == "push-failure-ratio").Query;
        Assert.All(["Transient", "Rejected"], status => Assert.Contains($"\"{status}\"", ratio, StringComparison.Ordinal));
        Assert.All(["Transient", "Rejected"], status => Assert.True(Enum.IsDefined(Enum.Parse<DeliveryStatus>(status))));
    }

    [Fact]
    public async Task Rules_EachOne_HasADescriptionForTheOperator()
    {
        var rules = await RulesAsync();

        Assert.Equal(7, rules.Count);
        Assert.All(await RuleNodesAsync(), rule => Assert.True(((string?)rule["description"])?.Length > 40, $"{rule["name"]}: describe what it means"));
    }

    /// <summary>
    /// Evaluates the <c>traces | where message ...</c> filters of a rule (startswith, contains, has, combined with
    /// and) against one message, with KQL's case-insensitivity.
    /// </summary>
    private static bool TraceFilterMatches(string query, string message)
    {
        var traces = query.Split("(requests", StringSplitOptions.None)[0];
        var filters = MessageFilter().Matches(traces);
        Assert.NotEmpty(filters);
        return filters.All(f => f.Groups[1].Value switch
        {
            "startswith" => message.StartsWith(f.Groups[2].Value, StringComparison.OrdinalIgnoreCase),
            _ => message.Contains(f.Groups[2].Value, StringComparison.OrdinalIgnoreCase),
        });
    }

    private static string Render(Action<ILogger> write)
    {
        var logger = new LineLogger();
        write(logger);
        return Assert.Single(logger.Lines);
    }

    private static async Task<string> RuleAsync(string name) => (await RulesAsync()).Single(r => r.Name == name).Query;

    private static async Task<List<(string Name, string Query)>> RulesAsync() =>
        (await RuleNodesAsync()).Select(r => ((string)r["name"]!, (string)r["query"]!)).ToList();

    private static async Task<List<JsonNode>> RuleNodesAsync()
    {
        var main = await BicepCli.MainTemplateAsync();
        return main["resources"]!["alerts"]!["properties"]!["template"]!["variables"]!["rules"]!.AsArray().Select(r => r!).ToList();
    }

    [GeneratedRegex("message (startswith|contains|has) \"([^\"]+)\"")]
    private static partial Regex MessageFilter();

    [GeneratedRegex("name == \"([^\"]+)\"")]
    private static partial Regex MetricName();

    private sealed class LineLogger : ILogger
    {
        public List<string> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(formatter(state, exception));
    }
}
