using System.Globalization;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Notifications.Core.Batches.Files;
using Notifications.Core.Devices;
using Notifications.Core.Storage;

namespace Notifications.Core.Audience;

/// <summary>
/// Runs an audience query straight into a batch file blob: user ids are staged as the engine pages them in, so the
/// result is never held in memory, and the blob is committed only once the query has finished cleanly, so a query
/// that fails half-way leaves no half audience behind. Ad-hoc campaigns and cohorts both write their files this way.
/// </summary>
public static class AudienceFileWriter
{
    /// <summary>The blob metadata entry holding the user count.</summary>
    public const string UsersMetadata = "users";

    /// <summary>
    /// Writes <paramref name="header"/> and the users <paramref name="query"/> selects (with their values of
    /// <see cref="AudienceQuery.Columns"/>, which should be the header's <c>Columns</c>) to <paramref name="blob"/>, committed
    /// under <paramref name="conditions"/>. A query error, a value that is not a user id (named by row, never quoted), or
    /// an empty result comes back as <see cref="AudienceFileResult.Error"/> with nothing committed.
    /// </summary>
    /// <exception cref="AudienceQueryException">A transient engine failure: retrying may help.</exception>
    /// <param name="source">The engine.</param>
    /// <param name="query">The query, with the header's columns.</param>
    /// <param name="blob">Where the file goes.</param>
    /// <param name="header">The file's header.</param>
    /// <param name="conditions">Conditions of the commit.</param>
    /// <param name="cancellationToken">Stops the query and the write.</param>
    /// <param name="inspector">
    /// For a campaign: sees every user as written, and its refused values (<see cref="Approvals.Review.AudienceInspector.Problems"/>)
    /// stop the file. Without one, a value too long for a batch file is left out instead.
    /// </param>
    public static async Task<AudienceFileResult> WriteAsync(
        IAudienceSource source, AudienceQuery query, BlockBlobClient blob, BatchHeader header, BlobRequestConditions? conditions, CancellationToken cancellationToken,
        Approvals.Review.AudienceInspector? inspector = null)
    {
        string? invalid = null;
        long rows = 0;
        long invalidRows = 0;
        long users;
        await using var stream = new StagedBlockBlobStream(blob);
        await using (var file = BatchFileWriter.Create(stream, header))
        {
            try
            {
                var personal = query.Columns is { Count: > 0 };
                users = await source.RunAsync(query, async (userId, values) =>
                {
                    rows++;
                    if (DeviceKeys.IsValidUserId(userId))
                    {
                        // A value too long for a batch file is left out (the user gets the placeholder's default)
                        // rather than refusing the whole audience over one odd row; a campaign's inspector refuses it instead.
                        var kept = !personal ? null
                            : inspector is not null ? values.ToArray()
                            : values.Select(v => v is { Length: > AudienceEntry.MaxValueLength } ? null : v).ToArray();
                        inspector?.Observe(rows, userId, kept);
                        await file.AddUserAsync(userId, kept, cancellationToken).ConfigureAwait(false);
                    }
                    else
                    {
                        invalidRows++;
                        invalid ??= NotAUserId(rows, userId);
                    }
                }, cancellationToken).ConfigureAwait(false);
            }
            catch (AudienceQueryException ex) when (!ex.IsTransient)
            {
                return new AudienceFileResult(0, $"the audience query failed ({ex.Reason}): {ex.Message}", null);
            }

            if (invalid is not null)
            {
                var more = invalidRows > 1 ? string.Create(CultureInfo.InvariantCulture, $" (and {invalidRows - 1:N0} more rows like it)") : string.Empty;
                return new AudienceFileResult(0, $"the audience query returned values that are not user ids: {invalid}{more}", null);
            }

            if (inspector?.Problems is { Count: > 0 } refused)
            {
                return new AudienceFileResult(0, "the audience query returned placeholder values that cannot be sent: " + string.Join("; ", refused), null);
            }

            if (users == 0)
            {
                return new AudienceFileResult(0, AudienceFileResult.NoUsers, null);
            }

            await file.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        var etag = await stream.CommitAsync(conditions,
            new Dictionary<string, string> { [UsersMetadata] = users.ToString(System.Globalization.CultureInfo.InvariantCulture) }, cancellationToken).ConfigureAwait(false);
        return new AudienceFileResult(users, null, etag.ToString());
    }

    /// <summary>
    /// Names a bad value by its row and what is wrong with it, never the value itself: a query can put anything in
    /// user_id (a file's content, another column's data), and this message goes into the API, the emails and the logs.
    /// </summary>
    internal static string NotAUserId(long row, string value)
    {
        var why = value.Length switch
        {
            0 => "it is empty",
            > DeviceKeys.MaxUserIdLength => $"it is longer than {DeviceKeys.MaxUserIdLength} characters",
            _ => "it has characters other than letters, digits and ._@:+-",
        };
        return string.Create(CultureInfo.InvariantCulture, $"row {row:N0}: the user id is not a user id ({why}; length {value.Length:N0})");
    }
}
