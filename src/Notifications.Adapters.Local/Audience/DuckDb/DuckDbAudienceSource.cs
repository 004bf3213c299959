using System.Globalization;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using DuckDB.NET.Native;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Notifications.Adapters.Local.Experiments.Readout;
using Notifications.Core.Audience;
using Notifications.Core.Diagnostics;
using Notifications.Core.Experiments.Readout;

namespace Notifications.Adapters.Local.Audience.DuckDb;

/// <summary>
/// Audience queries on DuckDB over the local sample data set (users, accounts, follows, posts, likes, events), so
/// marketing-style SQL runs for real on one machine. BigQuery-style <c>@name</c> parameters become DuckDB's
/// <c>$name</c>; values are bound, never spliced into the text.
/// </summary>
/// <remarks>
/// <para>
/// Every query gets a sandbox of its own: a private in-memory DuckDB instance with the analytics file attached
/// <c>READ_ONLY</c>, extension auto-install and auto-load off from the start, then <c>enable_external_access=false</c>
/// and <c>lock_configuration=true</c>. After that no SQL can reach a file, URL or extension (<c>read_text</c>,
/// <c>read_csv</c>, <c>glob</c>, <c>COPY</c>, <c>ATTACH</c>, <c>INSTALL</c>/<c>LOAD</c> fail with DuckDB's permission
/// error) and no <c>SET</c>/<c>RESET</c> can undo it (DuckDB: "the configuration has been locked").
/// </para>
/// <para>
/// Why a private instance rather than the settings in a file connection string (which DuckDB.NET 1.5.6 does accept):
/// DuckDB.NET shares one native instance per data source string, so a second connection to the same path silently
/// gets the first one's settings, and SELECT-callable table functions such as <c>enable_logging()</c> change instance
/// state even under the configuration lock. A private instance is opened by this class alone and dies with the query.
/// The settings are read back after locking, so a sandbox that did not take fails closed.
/// </para>
/// <para>
/// What the text is, DuckDB's parser decides, not a hand-written one: <c>json_serialize_sql</c> parses with the
/// engine's own grammar, reports every statement it finds, and serializes only SELECT statements (anything else is
/// "not implemented"); both the person's text and the exact wrapped text that will run must be one SELECT.
/// DuckDB.NET exposes statement extraction but not the prepared statement's type, and the result's statement type
/// arrives only after execution, so <c>json_serialize_sql</c> is the engine-side check available before running.
/// The wrapped text is then prepared (bound, not executed), which finds a missing <c>user_id</c>, unknown tables and
/// any external access without reading a row.
/// </para>
/// </remarks>
public sealed class DuckDbAudienceSource : IAudienceSource
{
    /// <summary>The name the analytics file is attached under (and made the default catalog).</summary>
    private const string Catalog = "analytics";

    private static readonly AudienceProblem NotSelect = new("NotSelect",
        "the audience query must be one read-only SELECT statement; DuckDB read a statement of another kind (such as COPY, ATTACH, INSTALL, LOAD, SET, INSERT or CREATE)");

    private readonly DuckDbOptions _options;
    private readonly ILogger<DuckDbAudienceSource> _logger;
    private readonly LocalExperimentTables? _tables;

    /// <summary>Creates the source over the analytics file of <paramref name="options"/>; without <paramref name="tables"/> it runs audiences but refuses readouts.</summary>
    public DuckDbAudienceSource(IOptions<DuckDbOptions> options, ILogger<DuckDbAudienceSource> logger, LocalExperimentTables? tables = null)
    {
        _tables = tables;
        _options = options.Value;
        _logger = logger;
    }

    /// <inheritdoc />
    public string Engine => "duckdb";

    /// <inheritdoc />
    public async Task<AudienceCheck> CheckAsync(AudienceQuery query, CancellationToken cancellationToken = default)
    {
        if (Compose(query, out var sql) is { } early)
        {
            return Refused(query, early).ToCheck();
        }

        await using var connection = await OpenSandboxAsync(cancellationToken).ConfigureAwait(false);
        return await CheckColumnsAsync(connection, query, sql, cancellationToken).ConfigureAwait(false) is { } problem
            ? Refused(query, problem).ToCheck()
            : AudienceCheck.Valid();
    }

    /// <inheritdoc />
    public Task<long> RunAsync(AudienceQuery query, Func<string, ValueTask> onUser, CancellationToken cancellationToken = default) =>
        RunAsync(query, (userId, _) => onUser(userId), cancellationToken);

    /// <inheritdoc />
    public async Task<long> RunAsync(AudienceQuery query, Func<string, IReadOnlyList<string?>, ValueTask> onUser, CancellationToken cancellationToken = default)
    {
        if (Compose(query, out var sql) is { } early)
        {
            throw Refused(query, early).ToException(Engine);
        }

        var values = (query.Parameters ?? new Dictionary<string, AudienceParameter>()).Select(p => new DuckDBParameter(p.Key, Value(p.Key, p.Value))).ToList();
        await using var connection = await OpenSandboxAsync(cancellationToken).ConfigureAwait(false);
        if (await CheckColumnsAsync(connection, query, sql, cancellationToken).ConfigureAwait(false) is { } problem)
        {
            throw Refused(query, problem).ToException(Engine);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql.Wrapped;
            command.Parameters.AddRange(values);
            long count = 0;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var columns = query.Columns?.Count ?? 0;
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = new string?[columns];
                for (var i = 0; i < columns; i++)
                {
                    row[i] = reader.IsDBNull(i + 1) ? null : reader.GetString(i + 1);
                }

                await onUser(reader.GetString(0), row).ConfigureAwait(false);
                count++;
            }

            Log.AudienceSelected(_logger, Engine, query.Label ?? "-", count);
            return count;
        }
        catch (DuckDBException ex)
        {
            throw Translate(ex, sql.Wrapped);
        }
    }

    /// <inheritdoc />
    /// <remarks>Loads the log slices the query names into the sandbox first, as BigQuery's load jobs would have.</remarks>
    public async Task<IReadOnlyList<string?[]>> ReadAsync(ReadoutQuery query, CancellationToken cancellationToken = default)
    {
        if (_tables is null)
        {
            throw new AudienceQueryException(Engine, "NoExperimentTables", isTransient: false, "this DuckDB source was created without the exposure and event logs");
        }

        var sql = ToDuckDbParameters(query.Sql);
        await using var connection = await OpenSandboxAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _tables.LoadAsync(connection, query.Tables, cancellationToken).ConfigureAwait(false);
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddRange(query.Parameters.Select(p => new DuckDBParameter(p.Key, Value(p.Key, p.Value))));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            var rows = new List<string?[]>();
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var row = new string?[query.Columns.Count];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture);
                }

                rows.Add(row);
            }

            Log.AudienceSelected(_logger, Engine, query.Label, rows.Count);
            return rows;
        }
        catch (DuckDBException ex)
        {
            throw Translate(ex, sql);
        }
    }

    /// <inheritdoc />
    public async Task<AudienceSample> SampleAsync(AudienceQuery query, int sampleSize, long countLimit, CancellationToken cancellationToken = default)
    {
        if (Compose(query, out var plain) is { } early)
        {
            return AudienceSample.Refused(Refused(query, early).Message);
        }

        // What is checked is exactly what runs: the sampling text around the wrapper, one SELECT as a whole.
        var sql = plain with { Wrapped = AudienceSql.Sample(plain.Wrapped, sampleSize, countLimit, "hash") };
        var values = (query.Parameters ?? new Dictionary<string, AudienceParameter>()).Select(p => new DuckDBParameter(p.Key, Value(p.Key, p.Value))).ToList();
        await using var connection = await OpenSandboxAsync(cancellationToken).ConfigureAwait(false);
        if (await CheckAsync(connection, sql, cancellationToken).ConfigureAwait(false) is { } problem)
        {
            return AudienceSample.Refused(Refused(query, problem).Message);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = sql.Wrapped;
            command.Parameters.AddRange(values);
            long users = 0;
            var sample = new List<string>(sampleSize);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                users = reader.GetInt64(1);
                if (!reader.IsDBNull(0))
                {
                    sample.Add(reader.GetString(0));
                }
            }

            return new AudienceSample(null, Math.Min(users, countLimit), users > countLimit, sample);
        }
        catch (DuckDBException ex)
        {
            var failure = Translate(ex, sql.Wrapped);
            return failure.IsTransient ? throw failure : AudienceSample.Refused(failure.Message[(Engine.Length + 2)..]);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AudienceColumn>> DescribeAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(_options.DatabasePath))
        {
            return [];
        }

        await using var connection = await OpenSandboxAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_catalog = '{Catalog}' ORDER BY table_name, ordinal_position";
        var columns = new List<AudienceColumn>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            columns.Add(new AudienceColumn(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return columns;
    }

    /// <summary>Rewrites <c>@name</c> to <c>$name</c> outside string literals and comments.</summary>
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

    /// <summary>The person's text (in DuckDB's parameter syntax) and the wrapped text that runs, or why there is nothing to run.</summary>
    private AudienceProblem? Compose(AudienceQuery query, out DuckDbSql sql)
    {
        var text = ToDuckDbParameters(AudienceSql.TrimStatement(query.Sql));
        sql = new DuckDbSql(text, AudienceSql.Wrap(text, "VARCHAR", query.Columns));
        if (text.Length == 0)
        {
            return AudienceSql.Empty;
        }

        return File.Exists(_options.DatabasePath)
            ? null
            : new AudienceProblem("NoDatabase", $"the analytics database {_options.DatabasePath} does not exist; 'notify analytics --users N' generates it");
    }

    /// <summary>
    /// Opens the sandbox: a private in-memory instance (never shared through DuckDB.NET's per-path instance cache),
    /// the analytics file attached read-only, external access off and the configuration locked, verified.
    /// </summary>
    /// <exception cref="AudienceQueryException">The file could not be attached (e.g. a writer holds its lock): transient.</exception>
    internal async Task<DuckDBConnection> OpenSandboxAsync(CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(_options.DatabasePath);
        var settings = new DuckDBConnectionStringBuilder
        {
            DataSource = DuckDBConnectionStringBuilder.InMemoryDataSource,
            ["autoinstall_known_extensions"] = "false",
            ["autoload_known_extensions"] = "false",
            // Spill files beside the data set (DuckDB's own default for a file database), not in the process's
            // working directory: the temp directory stays readable to the sandbox.
            ["temp_directory"] = path + ".tmp",
        };
        var connection = new DuckDBConnection(settings.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            foreach (var statement in new[]
            {
                $"ATTACH '{path.Replace("'", "''", StringComparison.Ordinal)}' AS {Catalog} (READ_ONLY)",
                $"USE {Catalog}",
                "SET enable_external_access = false",
                "SET lock_configuration = true",
            })
            {
                await using var command = connection.CreateCommand();
                command.CommandText = statement;
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var verify = connection.CreateCommand())
            {
                verify.CommandText = "SELECT NOT current_setting('enable_external_access') AND current_setting('lock_configuration') " +
                                     "AND NOT current_setting('autoinstall_known_extensions') AND NOT current_setting('autoload_known_extensions')";
                if (await verify.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
                {
                    throw new AudienceQueryException(Engine, "SandboxUnavailable", isTransient: false, "the DuckDB sandbox did not take effect; no query runs without it");
                }
            }

            return connection;
        }
        catch (DuckDBException ex)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new AudienceQueryException(Engine, "DatabaseUnavailable", isTransient: true,
                $"the analytics database {_options.DatabasePath} could not be opened read-only: {AudienceErrorRedactor.Redact(ex.Message, path)}");
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// As <see cref="CheckAsync(DuckDBConnection, DuckDbSql, CancellationToken)"/>; when the text with the query's
    /// value columns fails but the query alone passes, the columns are at fault, and each is tried alone to name the
    /// ones the query does not return (a prepare each, no row read).
    /// </summary>
    private static async Task<AudienceProblem?> CheckColumnsAsync(DuckDBConnection connection, AudienceQuery query, DuckDbSql sql, CancellationToken cancellationToken)
    {
        var problem = await CheckAsync(connection, sql, cancellationToken).ConfigureAwait(false);
        if (problem is null || query.Columns is not { Count: > 0 } columns
            || await CheckAsync(connection, sql with { Wrapped = AudienceSql.Wrap(sql.Text, "VARCHAR") }, cancellationToken).ConfigureAwait(false) is not null)
        {
            return problem;
        }

        var missing = new List<string>();
        foreach (var column in columns)
        {
            if (await CheckAsync(connection, sql with { Wrapped = AudienceSql.Wrap(sql.Text, "VARCHAR", [column]) }, cancellationToken).ConfigureAwait(false) is not null)
            {
                missing.Add(column);
            }
        }

        return missing.Count > 0 ? AudienceProblem.UnknownColumns(missing) : problem;
    }

    /// <summary>The engine's verdict on <paramref name="sql"/>, without reading a row; null when it may run.</summary>
    private static async Task<AudienceProblem?> CheckAsync(DuckDBConnection connection, DuckDbSql sql, CancellationToken cancellationToken)
    {
        string text, wrapped;
        try
        {
            await using var command = connection.CreateCommand();
            // The texts travel as bound values, never as SQL; the casts type the parameters for the function.
            command.CommandText = "SELECT json_serialize_sql(CAST(? AS VARCHAR)), json_serialize_sql(CAST(? AS VARCHAR))";
            command.Parameters.Add(new DuckDBParameter(sql.Text));
            command.Parameters.Add(new DuckDBParameter(sql.Wrapped));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new InvalidOperationException("json_serialize_sql returned no row");
            }

            text = reader.GetString(0);
            wrapped = reader.GetString(1);
        }
        catch (DuckDBException ex)
        {
            // The check itself failed (a DuckDB build without the json extension): nothing runs unchecked.
            return new AudienceProblem("CheckUnavailable", "DuckDB could not check the audience query, so it does not run: " + AudienceErrorRedactor.Redact(ex.Message, sql.Wrapped));
        }

        if (Statements(text, sql.Wrapped) is { } problem)
        {
            return problem;
        }

        if (Statements(wrapped, sql.Wrapped) is not null)
        {
            // One SELECT alone, but not inside the wrapper: e.g. a trailing semicolon followed by a comment.
            return new AudienceProblem("InvalidQuery", "the audience query must be one SELECT that can stand as a subquery (remove anything after its last semicolon)");
        }

        var state = NativeMethods.PreparedStatements.DuckDBPrepare(connection.NativeConnection, sql.Wrapped, out var prepared);
        using (prepared)
        {
            return state == DuckDBState.Success ? null : Problem(NativeMethods.PreparedStatements.DuckDBPrepareError(prepared), sql.Wrapped);
        }
    }

    /// <summary>Reads <c>json_serialize_sql</c>'s answer: exactly one SELECT statement, or the problem.</summary>
    private static AudienceProblem? Statements(string json, string query)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.True)
        {
            var type = root.TryGetProperty("error_type", out var t) ? t.GetString() : null;
            var message = root.TryGetProperty("error_message", out var m) ? m.GetString() : null;
            return type == "not implemented"
                ? NotSelect
                : new AudienceProblem("InvalidQuery", AudienceErrorRedactor.Redact($"{type} error: {message}", query));
        }

        var count = root.TryGetProperty("statements", out var statements) && statements.ValueKind == JsonValueKind.Array ? statements.GetArrayLength() : 0;
        return count switch
        {
            0 => AudienceSql.Empty,
            1 => null,
            _ => new AudienceProblem("MultipleStatements", string.Create(CultureInfo.InvariantCulture,
                $"the audience query must be a single SELECT statement; DuckDB read {count} statements")),
        };
    }

    private static AudienceProblem Problem(string? message, string query)
    {
        message = string.IsNullOrEmpty(message) ? "DuckDB could not prepare the query" : WithoutContext(message);
        if (message.Contains("Permission Error", StringComparison.Ordinal))
        {
            return new AudienceProblem("ExternalAccess",
                "audience queries may only read the analytics tables, not files, URLs or extensions: " + AudienceErrorRedactor.Redact(message, query));
        }

        if (message.Contains("\"user_id\"", StringComparison.Ordinal) && message.Contains("not found", StringComparison.OrdinalIgnoreCase))
        {
            return new AudienceProblem("NoUserIdColumn", "the query must return a user_id column: " + AudienceErrorRedactor.Redact(message, query));
        }

        return new AudienceProblem("InvalidQuery", AudienceErrorRedactor.Redact(message, query));
    }

    /// <summary>
    /// DuckDB ends a message with the statement it ran (<c>LINE 1: SELECT DISTINCT CAST(user_id …</c> and a caret
    /// line): that is our wrapper, not what the requester wrote, and its line numbers are the wrapper's. The message
    /// before it names the problem in their terms (a column, a table, a token near which parsing failed).
    /// </summary>
    internal static string WithoutContext(string message)
    {
        var context = message.IndexOf("\nLINE ", StringComparison.Ordinal);
        return (context < 0 ? message : message[..context]).TrimEnd();
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
            throw new AudienceQueryException(Engine, "InvalidParameter", isTransient: false, $"parameter @{name} is not a {parameter.Type} (yyyy-MM-dd for dates)", ex);
        }
    }

    private AudienceProblem Refused(AudienceQuery query, AudienceProblem problem)
    {
        Log.AudienceRefused(_logger, Engine, query.Label ?? "-", problem.Reason, problem.Message);
        return problem;
    }

    /// <summary>
    /// An error while running: redacted (a conversion error quotes the value it met), without the engine's exception
    /// attached, since its message is the unredacted one.
    /// </summary>
    private AudienceQueryException Translate(DuckDBException ex, string query)
    {
        var transient = ex.ErrorType is DuckDBErrorType.Io or DuckDBErrorType.OutOfMemory or DuckDBErrorType.Connection or DuckDBErrorType.Network or DuckDBErrorType.Http;
        if (transient)
        {
            return new AudienceQueryException(Engine, ex.ErrorType.ToString(), isTransient: true, AudienceErrorRedactor.Redact(ex.Message, query));
        }

        var problem = Problem(ex.Message, query);
        return new AudienceQueryException(Engine, problem.Reason, isTransient: false, problem.Message);
    }
}
