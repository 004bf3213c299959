using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Notifications.Adapters.Local.Audience.DuckDb;
using Notifications.Core.Audience;
using Notifications.Core.Batches.Files;
using Notifications.Core.Tests.Infrastructure;

namespace Notifications.Core.Tests.Audience;

[Collection(StorageCollection.Name)]
public sealed class AudienceFileWriterTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string FileContent = "root:x:0:0:root:/root:/bin/bash";

    private readonly string _database = Path.Combine(Path.GetTempPath(), $"writer-{Guid.NewGuid():N}.duckdb");
    private BlobContainerClient _container = null!;

    public async Task InitializeAsync()
    {
        _container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient($"audience-{Guid.NewGuid():N}");
        await _container.CreateAsync();
        await using var connection = new DuckDBConnection($"Data Source={_database}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            CREATE TABLE good(user_id VARCHAR);
            INSERT INTO good VALUES ('u1'), ('u2');
            CREATE TABLE long_value(user_id VARCHAR);
            INSERT INTO long_value VALUES (repeat('x', 1523));
            CREATE TABLE mixed(user_id VARCHAR);
            INSERT INTO mixed VALUES ('u1'), ('{FileContent}'), ('also bad');
            """;
        await command.ExecuteNonQueryAsync();
    }

    private Task<AudienceFileResult> WriteAsync(string sql, BlockBlobClient blob) =>
        AudienceFileWriter.WriteAsync(
            new DuckDbAudienceSource(Options.Create(new DuckDbOptions { DatabasePath = _database }), NullLogger<DuckDbAudienceSource>.Instance),
            new AudienceQuery(sql, Label: "writer-test"), blob, new BatchHeader { CampaignId = "writer-test" }, null, CancellationToken.None);

    [Fact]
    public async Task WriteAsync_ValueTooLong_ReportedByRowAndLengthWithoutTheValue()
    {
        var blob = _container.GetBlockBlobClient("long.json");

        var result = await WriteAsync("SELECT user_id FROM long_value", blob);

        Assert.Equal("the audience query returned values that are not user ids: row 1: the user id is not a user id (it is longer than 128 characters; length 1,523)", result.Error);
        Assert.False(await blob.ExistsAsync());
    }

    [Fact]
    public async Task WriteAsync_FileContentAsUserId_NamedByRowNeverQuoted()
    {
        var blob = _container.GetBlockBlobClient("mixed.json");

        var result = await WriteAsync("SELECT user_id FROM mixed", blob);

        Assert.NotNull(result.Error);
        Assert.Matches(@"row \d: the user id is not a user id \(it has characters other than letters, digits and \._@:\+-; length \d+\) \(and 1 more rows like it\)$", result.Error);
        Assert.DoesNotContain("root", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("also bad", result.Error, StringComparison.Ordinal);
        Assert.Equal(0, result.Users);
        Assert.False(await blob.ExistsAsync());
    }

    [Fact]
    public async Task WriteAsync_ValidUsers_Committed()
    {
        var blob = _container.GetBlockBlobClient("good.json");

        var result = await WriteAsync("SELECT user_id FROM good", blob);

        Assert.Null(result.Error);
        Assert.Equal(2, result.Users);
        Assert.True(await blob.ExistsAsync());
    }

    [Fact]
    public async Task WriteAsync_QueryReadingAFile_ErrorWithoutTheContent()
    {
        var blob = _container.GetBlockBlobClient("file.json");

        var result = await WriteAsync("SELECT content AS user_id FROM read_text('/etc/passwd')", blob);

        Assert.StartsWith("the audience query failed (ExternalAccess): duckdb: ", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("root:x", result.Error, StringComparison.Ordinal);
        Assert.False(await blob.ExistsAsync());
    }

    public async Task DisposeAsync()
    {
        await _container.DeleteIfExistsAsync();
        File.Delete(_database);
    }
}
