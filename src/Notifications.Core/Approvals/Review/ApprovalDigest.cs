using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Notifications.Core.Batches.Files;
using Notifications.Core.Delivery;

namespace Notifications.Core.Approvals.Review;

/// <summary>
/// What an approval covers, as one digest: every message form of a batch header (each arm in each language, with its
/// share and the send's options) and every user's placeholder values (<see cref="ValuesDigest"/>). The approval page
/// shows it and posts it back with the decision; the send recomputes it from the file and refuses a mismatch.
/// </summary>
public static class ApprovalDigest
{
    /// <summary>The digest of <paramref name="header"/>'s forms, options and columns (lower-case hex SHA-256).</summary>
    public static string Forms(BatchHeader header)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WritePropertyName("options");
            JsonSerializer.Serialize(json, header.Options, BatchFileReader.JsonOptions);
            json.WriteStartArray("columns");
            foreach (var column in header.Columns ?? [])
            {
                json.WriteStringValue(column);
            }

            json.WriteEndArray();
            json.WriteNumber("controlPercent", header.Experiment?.ControlPercent ?? 0);
            json.WriteStartArray("arms");
            foreach (var (name, percent, message) in header.Arms)
            {
                json.WriteStartObject();
                json.WriteString("name", name);
                json.WriteNumber("percent", percent);
                json.WriteStartArray("forms");
                foreach (var (locale, form) in MessageForms.FormsOf(message))
                {
                    json.WriteStartObject();
                    json.WriteString("locale", locale);
                    json.WritePropertyName("message");
                    JsonSerializer.Serialize(json, Canonical(form), BatchFileReader.JsonOptions);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.ToArray()));
    }

    /// <summary>The digest an approval covers: the forms' and the values' together.</summary>
    public static string Combine(string forms, string values) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"notifications-approval-v1\n{forms}\n{values}")));

    /// <summary>The first 12 digits, grouped: what a person compares between the email and the page.</summary>
    public static string Abbreviated(string digest) => digest.Length < 12 ? digest : $"{digest[..4]}-{digest[4..8]}-{digest[8..12]}";

    // Data keys in ordinal order: the same form must give the same digest whichever order its keys were written in.
    private static PushMessage Canonical(PushMessage form) => form with
    {
        Data = form.Data is null ? null : new SortedDictionary<string, string>(form.Data.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal),
    };
}
