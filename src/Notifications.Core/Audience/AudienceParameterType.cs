namespace Notifications.Core.Audience;

/// <summary>Types of audience query parameters.</summary>
public enum AudienceParameterType
{
    /// <summary>STRING / VARCHAR.</summary>
    Text,

    /// <summary>INT64 / BIGINT.</summary>
    Number,

    /// <summary>A calendar date.</summary>
    Date,
}
