using System.ComponentModel.DataAnnotations;
using Notifications.Core.Devices;

namespace Notifications.Core.Approvals;

/// <summary>Who approves ad-hoc campaigns and how their email links work (section <c>Approvals</c>).</summary>
public sealed class ApprovalOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string Section = "Approvals";

    /// <summary>The designated approvers.</summary>
    public IList<Approver> Approvers { get; } = [];

    /// <summary>
    /// Comma-separated base64 HMAC-SHA256 keys (from Key Vault in Azure), each at least 32 bytes: the first signs new
    /// links, every one verifies. Rotate by putting a new key first, and drop the old one once the links it signed
    /// have expired (<see cref="LinkLifetime"/>).
    /// </summary>
    [Required]
    public string SigningKeys { get; set; } = string.Empty;

    /// <summary>Test sends each approver may ask for per campaign (each pushes to their own devices).</summary>
    [Range(1, 100)]
    public int MaxTestSendsPerApprover { get; set; } = 5;

    /// <summary>Test pushes each person may send from the request form in an hour (before submitting).</summary>
    [Range(1, 100)]
    public int MaxFormTestsPerHour { get; set; } = 10;

    /// <summary>How long approval links (and so the request) stay valid.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "30.00:00:00")]
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromHours(72);

    /// <summary>The public base URL the links point at (the app's host name), ending with '/'.</summary>
    [Required]
    public Uri PublicBaseUrl { get; set; } = null!;

    /// <summary>The decoded signing keys, the signing one first.</summary>
    /// <exception cref="FormatException">A key is not base64 (validation at start reports it first).</exception>
    public IReadOnlyList<byte[]> DecodeKeys() => SigningKeys.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(Convert.FromBase64String).ToList();

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        IReadOnlyList<byte[]>? keys = null;
        try
        {
            keys = DecodeKeys();
        }
        catch (FormatException)
        {
            // Reported below.
        }

        if (keys is not { Count: > 0 } || keys.Any(k => k.Length < 32))
        {
            yield return new ValidationResult("Approvals:SigningKeys must be comma-separated base64 keys of at least 32 random bytes each", [nameof(SigningKeys)]);
        }
        else if (keys.Select(ApprovalLinkSigner.KeyId).Distinct(StringComparer.Ordinal).Count() != keys.Count)
        {
            yield return new ValidationResult("Approvals:SigningKeys lists the same key twice", [nameof(SigningKeys)]);
        }

        if (Approvers.Count == 0)
        {
            yield return new ValidationResult("Approvals:Approvers must list at least one approver", [nameof(Approvers)]);
        }

        foreach (var testUser in TestUsers)
        {
            if (!DeviceKeys.IsValidUserId(testUser.UserId))
            {
                yield return new ValidationResult("Approvals:TestUsers: every entry needs a UserId (an app user id)", [nameof(TestUsers)]);
            }
        }

        foreach (var approver in Approvers)
        {
            if (!Identity.EmailAddresses.IsValid(approver.Email))
            {
                yield return new ValidationResult($"Approvals:Approvers: '{approver.Email}' is not an email address the mail path can send to", [nameof(Approvers)]);
            }

            if (approver.ObjectId is not null && !Identity.People.IsObjectId(approver.ObjectId))
            {
                yield return new ValidationResult($"Approvals:Approvers: the object id of '{approver.Email}' is not a GUID (Entra ID's oid)", [nameof(Approvers)]);
            }

            if (approver.UserId is not null && !DeviceKeys.IsValidUserId(approver.UserId))
            {
                yield return new ValidationResult($"Approvals:Approvers: '{approver.UserId}' is not a user id", [nameof(Approvers)]);
            }
        }
    }

    /// <summary>Test pushes may also go to these app users (QA phones), named by an approver or a requester.</summary>
    public IList<TestUser> TestUsers { get; } = [];

    /// <summary>The approver with this email (case-insensitive), if any.</summary>
    public Approver? Find(string email) => Approvers.FirstOrDefault(a => string.Equals(a.Email, email, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// The approver <paramref name="caller"/> is: by object id when both sides have one (an alias cannot pass for
    /// someone else), else by email.
    /// </summary>
    public Approver? Find(Identity.Caller caller) =>
        Approvers.FirstOrDefault(a => Identity.People.Same(a.Email, a.ObjectId, caller.Email, caller.ObjectId));

    /// <summary>
    /// Where a person's test pushes may go, as a test form offers them: their own devices (<c>self</c>, when they are an
    /// approver with an app user) first, then each listed test user.
    /// </summary>
    public IReadOnlyList<(string Value, string Label)> TestTargets(Approver? person) =>
        [.. person?.UserId is null ? [] : new[] { ("self", "Your own devices") }, .. TestUsers.Select(t => (t.UserId, $"Test user {t.Label}"))];

    /// <summary>The test user with this user id, if any.</summary>
    public TestUser? FindTestUser(string? userId) => TestUsers.FirstOrDefault(t => string.Equals(t.UserId, userId, StringComparison.Ordinal));
}
