using System.Globalization;
using Notifications.Core.Batches.Files;
using Notifications.Core.Campaigns;

namespace Notifications.Core.Approvals.Review;

/// <summary>
/// Watches a campaign's audience as its draft is written: checks every placeholder value against its column's rule,
/// counts each column's values, keeps a hash-chosen sample, counts users per arm, and digests every user and value in
/// file order. Its memory is bounded whatever the audience's size; the draft writer stops on the problems it finds.
/// </summary>
public sealed class AudienceInspector : IDisposable
{
    /// <summary>Problems named before the rest are only counted.</summary>
    public const int MaxProblems = 5;

    private readonly IReadOnlyList<string> _columns;
    private readonly PlaceholderRule[] _rules;
    private readonly IReadOnlySet<string> _linkSchemes;
    private readonly ColumnStatistics[] _statistics;
    private readonly ExperimentArms? _arms;
    private readonly long[] _armUsers;
    private readonly ValuesDigest _digest = new();
    private readonly List<string> _problems = [];
    private long _refusedRows;

    /// <summary>Starts watching the audience of <paramref name="campaign"/>, whose draft has <paramref name="header"/>.</summary>
    /// <param name="campaign">The campaign (its placeholder rules).</param>
    /// <param name="header">The draft's header (its columns and experiment).</param>
    /// <param name="linkSchemes">The schemes a link placeholder's values may use.</param>
    /// <param name="sampleSize">Users kept in the sample.</param>
    public AudienceInspector(Campaign campaign, BatchHeader header, IReadOnlySet<string> linkSchemes, int sampleSize)
    {
        _columns = header.Columns ?? [];
        _rules = _columns.Select(campaign.RuleFor).ToArray();
        _linkSchemes = linkSchemes;
        _statistics = _columns.Select(c => new ColumnStatistics(c)).ToArray();
        _arms = header.Experiment is { } experiment ? new ExperimentArms(experiment) : null;
        _armUsers = new long[(header.Experiment?.Variants.Count ?? 1) + 1];
        Sample = new AudienceSampler(campaign.Id, sampleSize);
    }

    /// <summary>The hash-chosen sample of the audience.</summary>
    public AudienceSampler Sample { get; }

    /// <summary>What is wrong with the values, each naming its column and row, never the value; empty when all may be sent.</summary>
    public IReadOnlyList<string> Problems => _refusedRows > _problems.Count
        ? [.. _problems, string.Create(CultureInfo.InvariantCulture, $"and {_refusedRows - _problems.Count:N0} more rows with refused values")]
        : _problems;

    /// <summary>Users per arm, control last (index <c>arms</c>): exact, from the same hash the send assigns with.</summary>
    public IReadOnlyList<long> ArmUsers => _armUsers;

    /// <summary>Watches user <paramref name="userId"/> at <paramref name="row"/> (1-based, as the query returned it) with its values.</summary>
    public void Observe(long row, string userId, IReadOnlyList<string?>? values)
    {
        var refused = false;
        for (var c = 0; c < _columns.Count; c++)
        {
            var value = values is not null && c < values.Count ? values[c] : null;
            if (PlaceholderValueCheck.Problem(value, _rules[c], _linkSchemes) is { } problem)
            {
                refused = true;
                if (_problems.Count < MaxProblems)
                {
                    _problems.Add(string.Create(CultureInfo.InvariantCulture, $"placeholders.{_columns[c]}: row {row:N0}: {problem.Replace("{column}", _columns[c], StringComparison.Ordinal)}"));
                }
            }

            _statistics[c].Observe(value);
        }

        if (refused)
        {
            _refusedRows++;
        }

        var arm = _arms?.Assign(userId) ?? 0;
        _armUsers[arm == ExperimentArms.Control ? _armUsers.Length - 1 : arm]++;
        Sample.Offer(userId, values);
        _digest.Add(userId, values);
    }

    /// <summary>The columns' summaries, each with its <paramref name="top"/> most common values.</summary>
    public IReadOnlyList<ColumnSummary> Columns(int top) => _statistics.Select(s => s.Summarize(top)).ToList();

    /// <summary>The digest of every user and value seen, in order; call once, after the last user.</summary>
    public string ValuesDigest() => _digest.Finish();

    /// <inheritdoc />
    public void Dispose() => _digest.Dispose();
}
