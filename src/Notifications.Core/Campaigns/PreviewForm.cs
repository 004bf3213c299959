namespace Notifications.Core.Campaigns;

/// <summary>One form of a previewed push: what a device in that language gets (placeholders as their defaults), and its reach.</summary>
public sealed record PreviewForm
{
    /// <summary>The variant's index (0 for a single message).</summary>
    public int Arm { get; init; }

    /// <summary>The variant's name; null for a single message.</summary>
    public string? ArmName { get; init; }

    /// <summary>The language (canonical tag); null for the default.</summary>
    public string? Locale { get; init; }

    /// <summary>"Variant b · French (fr)", as the approvers will read it.</summary>
    public required string Label { get; init; }

    /// <summary>The title as a device gets it, placeholders as their defaults.</summary>
    public string? Title { get; init; }

    /// <summary>The body as a device gets it, placeholders as their defaults.</summary>
    public string? Body { get; init; }

    /// <summary>The image.</summary>
    public string? ImageUrl { get; init; }

    /// <summary>The title as written, placeholders and all.</summary>
    public string? TemplateTitle { get; init; }

    /// <summary>The body as written, placeholders and all.</summary>
    public string? TemplateBody { get; init; }

    /// <summary>Devices that get this form (scaled up from the sample).</summary>
    public long Devices { get; init; }

    /// <summary>Users with a device that gets this form (scaled up from the sample).</summary>
    public long Users { get; init; }
}
