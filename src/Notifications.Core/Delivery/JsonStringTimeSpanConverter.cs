using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Notifications.Core.Delivery;

/// <summary>
/// Reads a TTL either as seconds (<c>3600</c>), as a protobuf duration (<c>"3600s"</c>) or as a .NET time span
/// (<c>"01:00:00"</c>), and writes it as seconds, so batch files stay readable by people and other producers.
/// </summary>
public sealed class JsonStringTimeSpanConverter : JsonConverter<TimeSpan?>
{
    /// <inheritdoc />
    public override TimeSpan? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number when reader.TryGetInt64(out var seconds) && seconds >= 0:
                return TimeSpan.FromSeconds(seconds);
            case JsonTokenType.String:
                var text = reader.GetString()!;
                if (text.EndsWith('s') &&
                    double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s >= 0)
                {
                    return TimeSpan.FromSeconds(s);
                }

                if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span >= TimeSpan.Zero)
                {
                    return span;
                }

                break;
        }

        throw new JsonException("a time-to-live must be a non-negative number of seconds, \"3600s\" or \"01:00:00\"");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, TimeSpan? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteNumberValue((long)value.Value.TotalSeconds);
        }
    }
}
