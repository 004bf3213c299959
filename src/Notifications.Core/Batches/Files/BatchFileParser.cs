using System.Globalization;
using System.Text.Json;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;

namespace Notifications.Core.Batches.Files;

/// <summary>
/// The synchronous half of <see cref="BatchFileReader"/>: parses as much of a buffer as holds whole units (a header
/// member, one audience entry) and reports how many bytes it consumed, so the caller can refill and resume with
/// the saved reader state.
/// </summary>
internal sealed class BatchFileParser
{
    private readonly List<string> _problems = [];
    private readonly HashSet<string> _seenTop = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seenAudience = new(StringComparer.Ordinal);
    private JsonReaderState _state = new(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 });
    private Phase _phase = Phase.Root;
    private string? _campaignId;
    private PushMessage? _message;
    private Experiment? _experiment;
    private BatchSendOptions? _options;
    private long _users;
    private long _devices;
    private List<string>? _columns;
    private int[] _longest = [];

    private enum Phase
    {
        Root,
        Top,
        Audience,
        Users,
        Devices,
        Done,
    }

    public bool IsDone => _phase == Phase.Done;

    /// <summary>Parses whole units of <paramref name="data"/>; returns the bytes consumed.</summary>
    public int Parse(ReadOnlySpan<byte> data, bool isFinal, long offset, List<AudienceEntry> entries)
    {
        // Never a final block for the reader: a unit cut off by the end of the file then reads as "needs more data",
        // which the caller reports as truncation, instead of a tokenizer error about a missing quote.
        var reader = new Utf8JsonReader(data, isFinalBlock: false, _state);
        var consumed = 0;
        try
        {
            while (_phase != Phase.Done && Step(ref reader, offset, entries))
            {
                consumed = (int)reader.BytesConsumed;
                _state = reader.CurrentState;
            }
        }
        catch (JsonException ex)
        {
            Fail($"bad JSON near byte {offset + consumed}: {FirstSentence(ex.Message)}");
        }

        if (_phase == Phase.Done && isFinal)
        {
            var rest = data[consumed..];
            var extra = rest.IndexOfAnyExcept(" \t\r\n"u8);
            if (extra >= 0)
            {
                Fail($"unexpected content after the end of the batch object at byte {offset + consumed + extra}");
            }

            consumed = data.Length;
        }

        return consumed;
    }

    public (BatchHeader Header, long Users, long Devices) Finish()
    {
        if (string.IsNullOrEmpty(_campaignId))
        {
            Problem("campaignId: missing; every batch needs a campaign id");
        }
        else if (!CampaignIds.IsValid(_campaignId))
        {
            Problem($"campaignId: not a campaign id (1-128 of letters, digits, '.', '_', '-'; length {_campaignId.Length})");
        }

        if (_message is null && _experiment is null)
        {
            Problem("message: missing; a batch needs a message or an experiment");
        }
        else if (_message is not null && _experiment is not null)
        {
            Problem("message/experiment: give one or the other, not both");
        }

        if (_users + _devices == 0 && _problems.Count == 0)
        {
            Problem("audience: empty; a batch needs at least one user or device");
        }

        var header = new BatchHeader
        {
            CampaignId = _campaignId ?? string.Empty,
            Message = _message,
            Experiment = _experiment,
            Options = _options ?? new BatchSendOptions(),
            Columns = _columns,
        };
        var longest = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < (_columns?.Count ?? 0); i++)
        {
            longest[_columns![i]] = Math.Max(_longest[i], longest.GetValueOrDefault(_columns[i]));
        }

        foreach (var problem in BatchHeaderValidator.Validate(header, longest))
        {
            Problem(problem);
        }

        if (_problems.Count > 0)
        {
            throw new BatchFileException(_problems);
        }

        return (header, _users, _devices);
    }

    /// <summary>Parses one unit; false when the buffer does not hold all of it.</summary>
    private bool Step(ref Utf8JsonReader reader, long offset, List<AudienceEntry> entries)
    {
        if (!reader.Read())
        {
            return false;
        }

        var at = offset + reader.TokenStartIndex;
        switch (_phase)
        {
            case Phase.Root:
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    Fail($"the file must hold one JSON object; found {reader.TokenType} at byte {at}");
                }

                _phase = Phase.Top;
                return true;

            case Phase.Top when reader.TokenType == JsonTokenType.EndObject:
                _phase = Phase.Done;
                return true;

            case Phase.Top:
                return TopMember(ref reader, at);

            case Phase.Audience when reader.TokenType == JsonTokenType.EndObject:
                _phase = Phase.Top;
                return true;

            case Phase.Audience:
                return AudienceMember(ref reader, at);

            case Phase.Users when reader.TokenType == JsonTokenType.EndArray:
            case Phase.Devices when reader.TokenType == JsonTokenType.EndArray:
                _phase = Phase.Audience;
                return true;

            case Phase.Users:
                return User(ref reader, at, entries);

            case Phase.Devices:
                return Device(ref reader, at, entries);

            default:
                return false;
        }
    }

    private bool TopMember(ref Utf8JsonReader reader, long at)
    {
        var name = reader.GetString()!;
        if (!reader.Read())
        {
            return false;
        }

        if (name != "audience" && !HasWholeValue(reader))
        {
            return false;
        }

        if (!_seenTop.Add(name))
        {
            Fail($"{name}: appears twice (duplicate key at byte {at})");
        }

        switch (name)
        {
            case "campaignId":
                if (reader.TokenType != JsonTokenType.String)
                {
                    Problem($"campaignId: must be a string, found {reader.TokenType} at byte {at}");
                    SkipValue(ref reader);
                }
                else
                {
                    _campaignId = reader.GetString();
                }

                return true;
            case "message":
                _message = ReadObject<PushMessage>(ref reader, "message", at);
                return true;
            case "experiment":
                _experiment = ReadObject<Experiment>(ref reader, "experiment", at);
                return true;
            case "options":
                _options = ReadObject<BatchSendOptions>(ref reader, "options", at);
                return true;
            case "audience":
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    Fail($"audience: must be an object with users and/or devices, found {reader.TokenType} at byte {at}");
                }

                _phase = Phase.Audience;
                return true;
            default:
                Problem($"{name}: unknown property at byte {at} (expected campaignId, message, experiment, options, audience)");
                SkipValue(ref reader);
                return true;
        }
    }

    private bool AudienceMember(ref Utf8JsonReader reader, long at)
    {
        var name = reader.GetString()!;
        if (!reader.Read())
        {
            return false;
        }

        if (!_seenAudience.Add(name))
        {
            Fail($"audience.{name}: appears twice (duplicate key at byte {at})");
        }

        if (name == "columns")
        {
            return Columns(ref reader, at);
        }

        if (name is not ("users" or "devices"))
        {
            Fail($"audience.{name}: unknown property at byte {at} (expected columns, users, devices)");
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            Fail($"audience.{name}: must be an array, found {reader.TokenType} at byte {at}");
        }

        _phase = name == "users" ? Phase.Users : Phase.Devices;
        return true;
    }

    /// <summary>
    /// <c>audience.columns</c>: the names of the values user entries may carry, before the users (the file is read once,
    /// so an entry's values must be known by name when it is read).
    /// </summary>
    private bool Columns(ref Utf8JsonReader reader, long at)
    {
        if (!HasWholeValue(reader))
        {
            return false;
        }

        if (_seenAudience.Contains("users"))
        {
            Fail($"audience.columns: must come before audience.users (at byte {at})");
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            Fail($"audience.columns: must be an array of column names, found {reader.TokenType} at byte {at}");
        }

        var columns = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var name = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length <= MessageTemplate.MaxColumnLength ? reader.GetString() : null;
            if (!MessageTemplate.IsColumnName(name) || name == Audience.AudienceSql.UserIdColumn)
            {
                Problem($"audience.columns[{columns.Count}]: not a column name (a letter or _, then letters, digits and _; at most {MessageTemplate.MaxColumnLength}; not user_id) at byte {at}");
                SkipValue(ref reader);
            }
            else if (columns.Contains(name!, StringComparer.Ordinal))
            {
                Problem($"audience.columns[{columns.Count}]: the column {name} is declared twice");
            }

            columns.Add(name ?? string.Empty);
        }

        if (columns.Count > AudienceEntry.MaxColumns)
        {
            Problem($"audience.columns: {columns.Count} columns; at most {AudienceEntry.MaxColumns}");
        }

        _columns = columns;
        _longest = new int[columns.Count];
        return true;
    }

    private bool User(ref Utf8JsonReader reader, long at, List<AudienceEntry> entries)
    {
        var index = _users;
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            if (!HasWholeValue(reader))
            {
                return false;
            }

            UserWithValues(ref reader, at, index, entries);
        }
        else if (reader.TokenType != JsonTokenType.String)
        {
            if (!HasWholeValue(reader))
            {
                return false;
            }

            Problem($"audience.users[{index}]: must be a string user id, found {reader.TokenType} at byte {at}");
            SkipValue(ref reader);
        }
        else
        {
            var userId = reader.ValueSpan.Length > DeviceKeys.MaxUserIdLength * 6 ? null : reader.GetString();
            if (!DeviceKeys.IsValidUserId(userId))
            {
                Problem($"audience.users[{index}]: not a user id (1-128 of letters, digits, '._@:+-'; {Describe(userId)}) at byte {at}");
            }
            else
            {
                entries.Add(new AudienceEntry(index, userId, default, null));
            }
        }

        _users++;
        return true;
    }

    /// <summary>
    /// A user with values, <c>["u1", "Ana", null]</c>: the id, then one string (or null) per declared column. Problems
    /// name the row and the column, never the value: values are people's names and the like.
    /// </summary>
    private void UserWithValues(ref Utf8JsonReader reader, long at, long index, List<AudienceEntry> entries)
    {
        var path = $"audience.users[{index}]";
        var columns = _columns ?? [];
        string? userId = null;
        var values = new string?[columns.Count];
        var count = 0;
        var ok = true;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var item = count++;
            if (item == 0)
            {
                userId = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length <= DeviceKeys.MaxUserIdLength * 6 ? reader.GetString() : null;
                if (!DeviceKeys.IsValidUserId(userId))
                {
                    ok = false;
                    Problem($"{path}[0]: not a user id (1-128 of letters, digits, '._@:+-'; {(reader.TokenType == JsonTokenType.String ? Describe(userId) : "not a string")}) at byte {at}");
                }

                SkipValue(ref reader);
                continue;
            }

            var column = item - 1 < columns.Count ? columns[item - 1] : null;
            if (column is null)
            {
                SkipValue(ref reader);
                continue;
            }

            if (reader.TokenType == JsonTokenType.Null)
            {
                continue;
            }

            var value = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length <= AudienceEntry.MaxValueLength * 6 ? reader.GetString() : null;
            if (reader.TokenType != JsonTokenType.String)
            {
                ok = false;
                Problem($"{path}[{item}] ({column}): must be a string or null, found {reader.TokenType} at byte {at}");
                SkipValue(ref reader);
            }
            else if (value is null || value.Length > AudienceEntry.MaxValueLength)
            {
                ok = false;
                Problem($"{path}[{item}] ({column}): longer than {AudienceEntry.MaxValueLength} characters ({Describe(value)}) at byte {at}");
            }
            else
            {
                values[item - 1] = value;
                _longest[item - 1] = Math.Max(_longest[item - 1], PayloadRenderer.EscapedLength(value));
            }
        }

        if (count == 0)
        {
            Problem($"{path}: an empty array; a user with values is [\"user id\", value, ...] at byte {at}");
        }
        else if (count - 1 > columns.Count)
        {
            Problem(columns.Count == 0
                ? $"{path}: has values, but audience.columns (before users) declares no columns at byte {at}"
                : $"{path}: {count - 1} values for {columns.Count} columns of audience.columns at byte {at}");
        }
        else if (ok)
        {
            entries.Add(new AudienceEntry(index, userId, default, null, values));
        }
    }

    private bool Device(ref Utf8JsonReader reader, long at, List<AudienceEntry> entries)
    {
        if (!HasWholeValue(reader))
        {
            return false;
        }

        var index = _devices++;
        var path = $"audience.devices[{index}]";
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            Problem($"{path}: must be an object with platform and token, found {reader.TokenType} at byte {at}");
            SkipValue(ref reader);
            return true;
        }

        var device = ReadObject<DeviceEntryJson>(ref reader, path, at);
        if (device is null)
        {
            return true;
        }

        if (!PlatformNames.TryParse(device.Platform, out var platform))
        {
            Problem($"{path}.platform: {(device.Platform is null ? "missing" : "not a platform")} (android or ios) at byte {at}");
        }
        else if (!DeviceKeys.IsValidToken(device.Token))
        {
            Problem($"{path}.token: missing, empty or not a device token (1-{DeviceKeys.MaxTokenLength} printable characters) at byte {at}");
        }
        else if (device.UserId is not null && !DeviceKeys.IsValidUserId(device.UserId))
        {
            Problem($"{path}.userId: not a user id (1-128 of letters, digits, '._@:+-'; {Describe(device.UserId)}) at byte {at}");
        }
        else
        {
            entries.Add(new AudienceEntry(index, device.UserId, platform, device.Token));
        }

        return true;
    }

    private T? ReadObject<T>(ref Utf8JsonReader reader, string path, long at)
        where T : class
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            Problem($"{path}: must be an object, found {reader.TokenType} at byte {at}");
            SkipValue(ref reader);
            return null;
        }

        var end = reader;
        SkipValue(ref end);
        try
        {
            return JsonSerializer.Deserialize<T>(ref reader, BatchFileReader.JsonOptions);
        }
        catch (JsonException ex)
        {
            reader = end;
            var inner = ex.Path is { Length: > 1 } p ? path + p[1..] : path;
            Problem($"{inner}: {FirstSentence(ex.Message)} (object starting at byte {at})");
            return null;
        }
    }

    // The caller has checked with HasWholeValue that the value is in the buffer; Skip() refuses a non-final reader.
    private static void SkipValue(ref Utf8JsonReader reader) => reader.TrySkip();

    private static bool HasWholeValue(Utf8JsonReader reader) =>
        reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray) || reader.TrySkip();

    private void Problem(string problem)
    {
        _problems.Add(problem);
        if (_problems.Count >= BatchFileReader.MaxProblems)
        {
            _problems.Add($"stopped after {BatchFileReader.MaxProblems} problems");
            throw new BatchFileException(_problems);
        }
    }

    private void Fail(string problem)
    {
        _problems.Add(problem);
        throw new BatchFileException(_problems);
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }

    // Problems name where and why, never the value: a batch file's ids are people's, and problems reach the API and logs.
    private static string Describe(string? value) => value is null ? "too long or not a string" : string.Create(CultureInfo.InvariantCulture, $"length {value.Length:N0}");

    private sealed record DeviceEntryJson(string? Platform, string? Token, string? UserId);
}
