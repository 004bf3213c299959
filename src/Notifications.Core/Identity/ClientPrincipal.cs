using System.Text.Json;

namespace Notifications.Core.Identity;

/// <summary>
/// Reads the <c>X-MS-CLIENT-PRINCIPAL</c> header App Service Authentication injects: base64 of
/// <c>{"auth_typ":…,"name_typ":…,"role_typ":…,"claims":[{"typ":…,"val":…}]}</c>. Whether to trust it at all is the
/// caller's decision (<see cref="CallerResolver"/>); this only turns it into a <see cref="Caller"/> or says why not.
/// </summary>
public static class ClientPrincipal
{
    /// <summary>The header App Service sets on every authenticated request (and strips from the client's request).</summary>
    public const string Header = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>Entra ID tokens can carry many groups; App Service caps headers well below this.</summary>
    private const int MaxHeaderLength = 32 * 1024;

    // Entra ID v2 tokens carry email or preferred_username; v1 tokens and other providers the long claim names.
    private static readonly string[] EmailClaims =
    [
        "email",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
        "preferred_username",
        "upn",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
    ];

    private static readonly string[] NameClaims = ["name", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"];

    // Entra ID's object id: the v1 long name App Service passes on, and the short one of v2 tokens.
    private static readonly string[] ObjectIdClaims = ["http://schemas.microsoft.com/identity/claims/objectidentifier", "oid"];

    /// <summary>The caller the header describes, or the problem (never echoing the header).</summary>
    public static (Caller? Caller, string? Problem) Read(string? header)
    {
        if (string.IsNullOrWhiteSpace(header) || header.Length > MaxHeaderLength)
        {
            return (null, "the principal header is missing or too long");
        }

        Principal? principal;
        try
        {
            principal = JsonSerializer.Deserialize<Principal>(Convert.FromBase64String(header.Trim()));
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return (null, "the principal header is not base64 JSON");
        }

        if (principal?.Claims is not { Count: > 0 } claims)
        {
            return (null, "the principal carries no claims");
        }

        string? Claim(string type) => claims.FirstOrDefault(c => string.Equals(c.Typ, type, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(c.Val))?.Val?.Trim();

        var email = EmailClaims.Append(principal.NameTyp ?? string.Empty).Select(Claim).FirstOrDefault(EmailAddresses.IsValid);
        if (email is null)
        {
            return (null, "the signed-in account has no email address this app can send to");
        }

        var name = NameClaims.Select(Claim).FirstOrDefault(n => n is { Length: <= 100 }) ?? email;
        var objectId = ObjectIdClaims.Select(Claim).FirstOrDefault(People.IsObjectId)?.ToLowerInvariant();
        return (new Caller(name, email, string.IsNullOrWhiteSpace(principal.AuthTyp) ? "app-service" : principal.AuthTyp, objectId), null);
    }

    /// <summary>
    /// The header for a caller named <paramref name="name"/> with <paramref name="email"/> (and Entra object id
    /// <paramref name="objectId"/>), as App Service would write it (the local host and tests).
    /// </summary>
    public static string Encode(string name, string email, string authType = "aad", string? objectId = null) =>
        Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(new Principal
        {
            AuthTyp = authType,
            NameTyp = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
            Claims =
            [
                new PrincipalClaim { Typ = "name", Val = name },
                new PrincipalClaim { Typ = "preferred_username", Val = email },
                .. objectId is null ? [] : new[] { new PrincipalClaim { Typ = "http://schemas.microsoft.com/identity/claims/objectidentifier", Val = objectId } },
            ],
        }));

    private sealed class Principal
    {
        [System.Text.Json.Serialization.JsonPropertyName("auth_typ")]
        public string? AuthTyp { get; init; }

        [System.Text.Json.Serialization.JsonPropertyName("name_typ")]
        public string? NameTyp { get; init; }

        [System.Text.Json.Serialization.JsonPropertyName("claims")]
        public List<PrincipalClaim>? Claims { get; init; }
    }

    private sealed class PrincipalClaim
    {
        [System.Text.Json.Serialization.JsonPropertyName("typ")]
        public string? Typ { get; init; }

        [System.Text.Json.Serialization.JsonPropertyName("val")]
        public string? Val { get; init; }
    }
}
