using System.ComponentModel.DataAnnotations;
using Notifications.Core.Audience.BigQuery;

namespace Notifications.Core.Tests.Audience;

public sealed class BigQueryOptionsTests
{
    private static List<ValidationResult> Validate(BigQueryOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void MaximumBytesBilled_Default_100GiB() => Assert.Equal(107_374_182_400, new BigQueryOptions().MaximumBytesBilled);

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Validate_MaximumBytesBilledNotPositive_NamesTheSetting(long value)
    {
        var results = Validate(new BigQueryOptions { ProjectId = "p", ServiceAccountJson = "{}", MaximumBytesBilled = value });

        Assert.Contains(results, r => r.ErrorMessage == "Audience:BigQuery:MaximumBytesBilled must be more than 0");
    }

    [Fact]
    public void Validate_MaximumBytesBilledPositive_Valid() =>
        Assert.Empty(Validate(new BigQueryOptions { ProjectId = "p", ServiceAccountJson = "{}", MaximumBytesBilled = 1 }));
}
