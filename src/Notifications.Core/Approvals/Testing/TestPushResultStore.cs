using Notifications.Core.Storage;

namespace Notifications.Core.Approvals.Testing;

/// <summary>Test push results, one blob each (<c>test-results/{id}.json</c> in the campaign-batches container).</summary>
public sealed class TestPushResultStore
{
    private readonly StorageClients _storage;

    /// <summary>Creates the store over the campaign-batches container.</summary>
    public TestPushResultStore(StorageClients storage) => _storage = storage;

    /// <summary>Whether <paramref name="id"/> can name a test: letters, digits and <c>.-_</c>, 1-160.</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: > 0 and <= 160 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');

    /// <summary>Writes (or replaces) <paramref name="result"/>.</summary>
    public async Task WriteAsync(TestPushResult result, CancellationToken cancellationToken = default)
    {
        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        await JsonBlobs.WriteAsync(_storage.CampaignBatches.GetBlobClient(BlobName(result.Id)), result, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The result of test <paramref name="id"/>, or null when there is none (yet).</summary>
    public async Task<TestPushResult?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        if (!IsValidId(id))
        {
            return null;
        }

        await _storage.EnsureCreatedAsync().ConfigureAwait(false);
        return await JsonBlobs.ReadAsync<TestPushResult>(_storage.CampaignBatches.GetBlobClient(BlobName(id)), cancellationToken).ConfigureAwait(false);
    }

    private static string BlobName(string id) => $"test-results/{id}.json";
}
