using Microsoft.Extensions.Options;
using Notifications.Core.Identity;

namespace Notifications.Core.Approvals;

/// <summary>
/// Where people sign in through App Service (Entra ID), every approver needs their object id: four eyes compares it,
/// because an email is only an alias and one person with two aliases must not count as two people.
/// </summary>
public sealed class ApproverIdentityValidator(IOptions<IdentityOptions> identity) : IValidateOptions<ApprovalOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ApprovalOptions options)
    {
        if (identity.Value.Mode != IdentityMode.AppService)
        {
            return ValidateOptionsResult.Success;
        }

        var missing = options.Approvers.Where(a => a.ObjectId is not { Length: > 0 }).Select(a => a.Email).ToList();
        return missing.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"Approvals:Approvers: {string.Join(", ", missing)} need an ObjectId (their Entra ID oid): four eyes compares people by it, not by an email alias");
    }
}
