using System.Text.Json;
using System.Text.RegularExpressions;
using Notifications.Local.Folders;

namespace Notifications.Local.Workers;

/// <summary>
/// <c>&lt;data&gt;/workers/&lt;id&gt;.json</c>: which process runs worker <paramref name="Id"/> and how many activities
/// it has run. The worker rewrites it as the count grows, so the count outlives the process being killed.
/// </summary>
/// <param name="Id">The worker's id.</param>
/// <param name="Process">The worker process.</param>
/// <param name="Activities">Activities it ran to completion so far.</param>
/// <param name="LongestActivitySeconds">The longest batch activity it ran, in seconds.</param>
internal sealed partial record WorkerReport(string Id, ProcessStamp Process, long Activities, double LongestActivitySeconds = 0)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Whether <paramref name="id"/> can name a worker (and its file): letters, digits and '-', at most 32.</summary>
    public static bool IsValidId(string id) => ValidId().IsMatch(id);

    public static string PathFor(string data, string id) => Path.Combine(data, "workers", id + ".json");

    /// <summary>The report of worker <paramref name="id"/>, or null when there is none (yet).</summary>
    public static WorkerReport? Read(string data, string id)
    {
        try
        {
            return JsonSerializer.Deserialize<WorkerReport>(File.ReadAllText(PathFor(data, id)), Json);
        }
        catch (Exception ex) when (ex is IOException or JsonException)
        {
            return null;
        }
    }

    public static void Delete(string data, string id)
    {
        if (File.Exists(PathFor(data, id)))
        {
            File.Delete(PathFor(data, id));
        }
    }

    /// <summary>Writes it whole, through a temporary file, so a reader never sees half of it.</summary>
    public void Write(string data)
    {
        var path = PathFor(data, Id);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(this, Json));
        File.Move(temporary, path, overwrite: true);
    }

    [GeneratedRegex("^[A-Za-z0-9-]{1,32}$")]
    private static partial Regex ValidId();
}
