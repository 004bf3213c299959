using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using Microsoft.Extensions.Options;

namespace Notifications.Core.Audience.DuckDb;

/// <summary>
/// Audience queries on DuckDB over the local sample data set (users, accounts, follows, posts, likes, events), so
/// marketing-style SQL runs for real on one machine. BigQuery-style <c>@name</c> parameters become DuckDB's
/// <c>$name</c>; values are bound, never spliced into the text.
/// </summary>
public sealed class DuckDbAudienceSource : IAudienceSource
{
    private readonly DuckDbOptions _options;

    /// <summary>Creates the source.</summary>
    public DuckDbAudienceSource(IOptions<DuckDbOptions> options) => _options = options.Value;

    /// <inheritdoc />
    public string Engine => "duckdb";

    /// <inheritdoc />
    public Task<AudienceCheck> CheckAsync(AudienceQuery query, CancellationToken cancellationToken = default) => Task.FromResult(AudienceCheck.Valid());

    /// <inheritdoc />
    public async Task<long> RunAsync(AudienceQuery query, Func<string, ValueTask> onUser, CancellationToken cancellationToken = default)
    {
        var sql = AudienceSql.Wrap(ToDuckDbParameters(AudienceSql.SingleStatement(Engine, query.Sql)), "VARCHAR");
        if (!File.Exists(_options.DatabasePath))
        {
            throw new AudienceQueryException(Engine, "NoDatabase", isTransient: false,
                $"the analytics database {_options.DatabasePath} does not exist; 'notify analytics --users N' generates it");
        }

        try
        {
            await using var connection = new DuckDBConnection($"Data Source={_options.DatabasePath};ACCESS_MODE=READ_ONLY");
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            foreach (var (name, parameter) in query.Parameters ?? new Dictionary<string, AudienceParameter>())
            {
                command.Parameters.Add(new DuckDBParameter(name, Value(name, parameter)));
            }

            long count = 0;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                await onUser(reader.GetString(0)).ConfigureAwait(false);
                count++;
            }

            return count;
        }
        catch (DuckDBException ex)
        {
            throw Translate(ex);
        }
    }

    /// <summary>Rewrites <c>@name</c> to <c>$name</c> outside string literals.</summary>
    internal static string ToDuckDbParameters(string sql)
    {
        var outside = AudienceSql.OutsideLiterals(sql);
        var result = new StringBuilder(sql);
        for (var i = 0; i < outside.Length - 1; i++)
        {
            if (outside[i] == '@' && (char.IsAsciiLetter(outside[i + 1]) || outside[i + 1] == '_'))
            {
                result[i] = '$';
            }
        }

        return result.ToString();
    }

    private object Value(string name, AudienceParameter parameter)
    {
        try
        {
            return parameter.Type switch
            {
                AudienceParameterType.Date => DateOnly.ParseExact(parameter.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                _ => parameter.Value,
            };
        }
        catch (FormatException ex)
        {
            throw new AudienceQueryException(Engine, "InvalidParameter", isTransient: false, $"parameter @{name}: '{parameter.Value}' is not a {parameter.Type}", ex);
        }
    }

    private AudienceQueryException Translate(DuckDBException ex)
    {
        var message = ex.Message;
        if (message.Contains("\"user_id\"", StringComparison.Ordinal) && message.Contains("not found", StringComparison.OrdinalIgnoreCase))
        {
            return new AudienceQueryException(Engine, "NoUserIdColumn", isTransient: false, "the query must return a user_id column: " + message, ex);
        }

        return new AudienceQueryException(Engine, "InvalidQuery", isTransient: false, message, ex);
    }
}
