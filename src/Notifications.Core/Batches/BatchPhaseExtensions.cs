using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json.Serialization;

namespace Notifications.Core.Batches;

/// <summary>The wire name of a <see cref="BatchPhase"/> for text outside JSON (pages, the console).</summary>
public static class BatchPhaseExtensions
{
    // Read from the JSON attributes, so the names are defined once, where the wire format is.
    private static readonly FrozenDictionary<BatchPhase, string> Names = Enum.GetValues<BatchPhase>().ToFrozenDictionary(
        phase => phase,
        phase => typeof(BatchPhase).GetField(phase.ToString())!.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()!.Name);

    /// <summary>The phase as JSON spells it: <c>sending</c>, <c>removing dead tokens</c>.</summary>
    public static string WireName(this BatchPhase phase) => Names.TryGetValue(phase, out var name) ? name : phase.ToString();
}
