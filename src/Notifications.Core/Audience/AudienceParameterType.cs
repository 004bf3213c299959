namespace Notifications.Core.Audience;

/// <summary>Types of audience query parameters.</summary>
public enum AudienceParameterType
{
    /// <summary>STRING / VARCHAR.</summary>
    Text,

    /// <summary>A calendar date.</summary>
    Date,
}
