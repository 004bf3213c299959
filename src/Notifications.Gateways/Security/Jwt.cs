using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Notifications.Gateways.Security;

/// <summary>A compact JWS split into its parts, for the gateways' checks.</summary>
internal sealed class Jwt
{
    private Jwt(JsonElement header, JsonElement claims, byte[] signingInput, byte[] signature)
    {
        Header = header;
        Claims = claims;
        SigningInput = signingInput;
        Signature = signature;
    }

    public JsonElement Header { get; }

    public JsonElement Claims { get; }

    public byte[] SigningInput { get; }

    public byte[] Signature { get; }

    public static Jwt? TryParse(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0])).RootElement.Clone();
            var claims = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1])).RootElement.Clone();
            var signature = Base64Url.DecodeFromChars(parts[2]);
            return header.ValueKind == JsonValueKind.Object && claims.ValueKind == JsonValueKind.Object
                ? new Jwt(header, claims, Encoding.ASCII.GetBytes($"{parts[0]}.{parts[1]}"), signature)
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException)
        {
            return null;
        }
    }

    public string? HeaderString(string name) =>
        Header.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public string? ClaimString(string name) =>
        Claims.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public long? ClaimNumber(string name) =>
        Claims.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) ? n : null;

    public bool VerifyRs256(RSA key) =>
        key.VerifyData(SigningInput, Signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);

    public bool VerifyEs256(ECDsa key) =>
        Signature.Length == 64 && key.VerifyData(SigningInput, Signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
}
