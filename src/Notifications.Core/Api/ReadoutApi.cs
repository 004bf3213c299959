using Microsoft.DurableTask.Client;
using Notifications.Core.Audience;
using Notifications.Core.Cohorts;
using Notifications.Core.Experiments.Readout;

namespace Notifications.Core.Api;

/// <summary><c>GET /api/cohorts/{id}/readout?from=&amp;to=</c>: did the cohort's experiment work over those run dates.</summary>
public sealed class ReadoutApi
{
    private readonly ExperimentReadoutService _readouts;
    private readonly CohortApi _cohorts;

    /// <summary>Creates the API; <paramref name="cohorts"/> knows the cohorts and today's date, <paramref name="readouts"/> computes the readout.</summary>
    public ReadoutApi(ExperimentReadoutService readouts, CohortApi cohorts)
    {
        _readouts = readouts;
        _cohorts = cohorts;
    }

    /// <summary>200 with the readout and its report lines; 404 for an unknown cohort; 503 when the analytics engine fails.</summary>
    public async Task<ApiResponse> CohortAsync(DurableTaskClient client, string id, Func<string, string?> query, CancellationToken cancellationToken)
    {
        if (CohortCatalog.Find(id) is not { } cohort)
        {
            return ApiResponse.Problem(404, "No such cohort.", $"That is not a cohort (known: {string.Join(", ", CohortCatalog.All.Select(c => c.Id))}).");
        }

        var errors = new Dictionary<string, string[]>();
        var range = DateRange.Parse(query, _cohorts.Today(), errors);
        if (errors.Count > 0)
        {
            return ApiResponse.ValidationProblem(errors, "The readout query is invalid; see errors by parameter.");
        }

        try
        {
            var readout = await _readouts.ForCohortAsync(client, cohort, range, cancellationToken).ConfigureAwait(false);
            return new ApiResponse(200, new { Cohort = id, Goal = cohort.Goal.Name, Readout = readout, Lines = ReadoutText.Lines(readout) });
        }
        catch (AudienceQueryException ex)
        {
            return ApiResponse.Problem(503, "The analytics engine could not read the experiment out.", ex.Message);
        }
        catch (Azure.RequestFailedException)
        {
            return ApiResponse.Problem(503, "The experiment's logs could not be read right now.", "Storage did not answer; try again shortly.");
        }
    }
}
