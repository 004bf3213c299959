using System.Globalization;
using System.Text;
using System.Text.Json;
using Notifications.Core.Delivery;
using Notifications.Core.Devices;

namespace Notifications.Local.Demo;

/// <summary>
/// The demo's users: a realistic mix of devices (about 55% Android only, 30% iOS only, 15% both), a few percent of
/// tokens the gateways report unregistered. Generated deterministically from the user number, so seeding twice
/// writes the same rows.
/// </summary>
internal static class DemoData
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    // Users spread over many zones and a handful of languages, as an app's users would be (quiet hours and
    // localised messages have something to work on); chosen by a hash of the user, so tokens stay as they were.
    private static readonly string[] TimeZones =
    [
        "America/Los_Angeles", "America/Denver", "America/Chicago", "America/New_York", "America/Sao_Paulo", "Europe/London",
        "Europe/Berlin", "Europe/Paris", "Europe/Madrid", "Africa/Lagos", "Asia/Dubai", "Asia/Kolkata", "Asia/Singapore",
        "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland",
    ];

    private static readonly string[] Locales = ["en-US", "en-GB", "de-DE", "fr-FR", "es-ES", "pt-BR", "ja-JP"];

    public static string UserId(int i) => "demo-" + i.ToString("D7", CultureInfo.InvariantCulture);

    /// <summary>User <paramref name="i"/>'s time zone and locale (every demo device of a user has the same).</summary>
    public static DeviceLocality Locality(int i)
    {
        var hash = System.IO.Hashing.XxHash32.HashToUInt32(System.Text.Encoding.UTF8.GetBytes(UserId(i)));
        return new DeviceLocality(TimeZones[hash % (uint)TimeZones.Length], Locales[(hash >> 8) % (uint)Locales.Length]);
    }

    /// <summary>The devices of user <paramref name="i"/>.</summary>
    public static IEnumerable<DeviceRegistration> Devices(int i, int invalidPermille, DateTimeOffset now)
    {
        var random = new Random(i);
        var roll = random.Next(100);
        var user = UserId(i);
        var locality = Locality(i);
        if (roll < 70)
        {
            yield return new DeviceRegistration(user, PushPlatform.Android, Maybe(random, invalidPermille, FcmToken(random)), "com.example.social", now, now,
                locality.TimeZone, locality.Locale);
        }

        if (roll >= 55)
        {
            yield return new DeviceRegistration(user, PushPlatform.Ios, Maybe(random, invalidPermille, ApnsToken(random)), "com.example.social", now, now,
                locality.TimeZone, locality.Locale);
        }
    }

    /// <summary>
    /// The QA phones of the local host's allow-listed test user (<see cref="Hosting.LocalServices.DemoTestUserId"/>):
    /// an Android and an iPhone, so a test push from the form or an approval page has somewhere to go.
    /// </summary>
    public static Task SeedTestPhonesAsync(IDeviceRegistry registry, DateTimeOffset now, CancellationToken cancellationToken) => registry.ImportAsync(
    [
        new DeviceRegistration(Hosting.LocalServices.DemoTestUserId, PushPlatform.Android, "qa-pixel:APA91bQaPixelDemoToken", "com.example.social", now, now, "Europe/Paris", "fr-FR"),
        new DeviceRegistration(Hosting.LocalServices.DemoTestUserId, PushPlatform.Ios, new string('c', 64), "com.example.social", now, now, "America/New_York", "en-US"),
    ], cancellationToken);

    /// <summary>Writes the registry rows of users 0..n-1, a window at a time.</summary>
    public static async Task SeedAsync(IDeviceRegistry registry, int users, int invalidPermille, DateTimeOffset now, Action<int> progress, CancellationToken cancellationToken)
    {
        // A window of users at a time: the registrations, their entities and the transaction bodies of one window
        // are what the seeding holds, so it is the seeding's memory (20,000 users: about 30 MB).
        const int window = 20_000;
        for (var start = 0; start < users; start += window)
        {
            var devices = Enumerable.Range(start, Math.Min(window, users - start)).SelectMany(i => Devices(i, invalidPermille, now)).ToList();
            await registry.ImportAsync(devices, cancellationToken);
            progress(Math.Min(users, start + window));
        }
    }

    /// <summary>Writes a batch file for users 0..n-1 to <paramref name="path"/>, streaming.</summary>
    public static async Task WriteBatchFileAsync(string path, string campaignId, int users, CancellationToken cancellationToken)
    {
        await using var file = File.Create(path);
        await using var json = new Utf8JsonWriter(file);
        json.WriteStartObject();
        json.WriteString("campaignId", campaignId);
        json.WriteStartObject("message");
        // A placeholder and three locales, so the demo exercises personal and localised rendering end to end.
        json.WriteString("title", "{{first_name | default: \"Hey\"}}, a famous artist just joined");
        json.WriteString("body", "Follow them to hear their new single before anyone else.");
        json.WriteStartObject("locales");
        WriteLocale(json, "fr", "{{first_name | default: \"Salut\"}}, un artiste célèbre vient d'arriver", "Abonne-toi pour écouter son nouveau single avant tout le monde.");
        WriteLocale(json, "de", "{{first_name | default: \"Hallo\"}}, ein berühmter Künstler ist da", "Folge ihm und hör die neue Single vor allen anderen.");
        WriteLocale(json, "pt-BR", "{{first_name | default: \"Oi\"}}, um artista famoso chegou", "Siga para ouvir o novo single antes de todo mundo.");
        json.WriteEndObject();
        json.WriteString("imageUrl", "https://cdn.social.example/artists/42/cover.jpg");
        json.WriteString("deepLink", "https://social.example/artists/42");
        json.WriteStartObject("data");
        json.WriteString("artistId", "42");
        json.WriteEndObject();
        json.WriteNumber("timeToLive", 86_400);
        json.WriteEndObject();
        json.WriteStartObject("audience");
        json.WriteStartArray("columns");
        json.WriteStringValue("first_name");
        json.WriteEndArray();
        json.WriteStartArray("users");
        for (var i = 0; i < users; i++)
        {
            if (FirstName(i) is { } name)
            {
                json.WriteStartArray();
                json.WriteStringValue(UserId(i));
                json.WriteStringValue(name);
                json.WriteEndArray();
            }
            else
            {
                json.WriteStringValue(UserId(i));
            }

            if (json.BytesPending > 64 * 1024)
            {
                await json.FlushAsync(cancellationToken);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    /// <summary>First names of the demo users (and of the analytics data set's <c>users.first_name</c>).</summary>
    internal static readonly string[] FirstNames = ["Ana", "Ben", "Chloé", "Dmitri", "Emma", "Farid", "Grace", "Hiro", "Inês", "Jonas", "Léa", "Mateo"];

    /// <summary>User i's first name; every fifth user has none (the placeholder's default then shows).</summary>
    internal static string? FirstName(int i) => i % 5 == 4 ? null : FirstNames[i % FirstNames.Length];

    private static void WriteLocale(Utf8JsonWriter json, string tag, string title, string body)
    {
        json.WriteStartObject(tag);
        json.WriteString("title", title);
        json.WriteString("body", body);
        json.WriteEndObject();
    }

    private static string Maybe(Random random, int invalidPermille, string token) =>
        random.Next(1000) < invalidPermille ? "unreg-" + token : token;

    private static string FcmToken(Random random)
    {
        var text = new StringBuilder(163);
        for (var i = 0; i < 22; i++)
        {
            text.Append(Alphabet[random.Next(64)]);
        }

        text.Append(":APA91b");
        for (var i = 0; i < 134; i++)
        {
            text.Append(Alphabet[random.Next(64)]);
        }

        return text.ToString();
    }

    private static string ApnsToken(Random random)
    {
        Span<byte> bytes = stackalloc byte[32];
        random.NextBytes(bytes);
        return Convert.ToHexStringLower(bytes);
    }
}
