using System.Security.Cryptography;
using System.Text;

namespace Notifications.Core.Batches;

/// <summary>
/// A send's id is derived from the batch file's name and ETag: a trigger that fires twice, a watcher and an HTTP
/// call for the same upload all land on the same orchestration, while a new upload of the same name is a new send.
/// </summary>
public static partial class BatchInstanceIds
{
    /// <summary>
    /// Whether <paramref name="batchId"/> can be a send's id: from outside it reaches the durable client, the batches
    /// table and blob names of the work container, so only the shape <see cref="For(string, string)"/> makes passes.
    /// </summary>
    public static bool IsValid(string? batchId) => batchId is not null && Shape().IsMatch(batchId);

    [System.Text.RegularExpressions.GeneratedRegex("^batch-[A-Za-z0-9._-]{1,120}$")]
    private static partial System.Text.RegularExpressions.Regex Shape();

    /// <summary>E.g. <c>batch-approved-spring-sale.json-3f9a0c1d2e4b5a69</c>.</summary>
    public static string For(string blobName, string etag)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(blobName + "\n" + etag.Trim('"')));
        var readable = new string(blobName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray());
        if (readable.Length > 60)
        {
            readable = readable[^60..];
        }

        return $"batch-{readable}-{Convert.ToHexStringLower(hash.AsSpan(0, 8))}";
    }

    /// <summary>
    /// The send of a file the system wrote itself (approved campaigns, test sends, cohorts): the container is part of
    /// the name, so it never collides with an upload of the same name to the batches container.
    /// </summary>
    public static string For(Orchestration.BatchSendInput source) => For(source.Container + "/" + source.BlobName, source.ETag);

    /// <summary>The sub-orchestration that plans and sends shard <paramref name="shard"/> of run <paramref name="run"/> of a batch.</summary>
    /// <remarks>A resumed send's shards get new ids, so they never collide with the ended run's.</remarks>
    public static string Shard(string batchId, int shard, int run = 0) =>
        (run == 0 ? $"{batchId}:s" : $"{batchId}:r{run.ToString(System.Globalization.CultureInfo.InvariantCulture)}:s")
        + shard.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The sub-orchestration that releases and sends wave <paramref name="wave"/> of a shard.</summary>
    public static string Wave(string batchId, int shard, int wave, int run = 0) =>
        Shard(batchId, shard, run) + ":w" + wave.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
