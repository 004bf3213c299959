using Notifications.Core.Approvals.Review;
using Notifications.Core.Batches.Files;
using Notifications.Core.Delivery;

namespace Notifications.Core.Tests.Approvals.Review;

public sealed class ApprovalDigestTests
{
    private static BatchHeader Header(string frenchTitle = "Salut", decimal percentA = 50, string dataOrder = "ab") => new()
    {
        CampaignId = "c1",
        Experiment = new Experiment
        {
            Id = "c1",
            ControlPercent = 10,
            Variants =
            [
                new ExperimentVariant
                {
                    Name = "a", Percent = percentA, Message = new PushMessage
                    {
                        Title = "Hi", Data = dataOrder == "ab" ? new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" } : new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" },
                        Locales = new Dictionary<string, MessageLocale> { ["fr"] = new() { Title = frenchTitle } },
                    },
                },
                new ExperimentVariant { Name = "b", Percent = 90 - percentA, Message = new PushMessage { Title = "Hello" } },
            ],
        },
    };

    [Fact]
    public void Forms_SameFormsWhateverTheDataKeyOrder_SameDigest() =>
        Assert.Equal(ApprovalDigest.Forms(Header()), ApprovalDigest.Forms(Header(dataOrder: "ba")));

    [Fact]
    public void Forms_ATranslationOrAShareChanged_AnotherDigest()
    {
        var digest = ApprovalDigest.Forms(Header());

        Assert.NotEqual(digest, ApprovalDigest.Forms(Header(frenchTitle: "Alerte de sécurité")));
        Assert.NotEqual(digest, ApprovalDigest.Forms(Header(percentA: 40)));
        Assert.NotEqual(digest, ApprovalDigest.Forms(Header() with { Options = new BatchSendOptions { Transactional = true } }));
    }

    [Fact]
    public void Values_NullEmptyAndSeparatorsToldApart()
    {
        static string Of(params (string User, string?[]? Values)[] rows)
        {
            using var digest = new ValuesDigest();
            foreach (var (user, values) in rows)
            {
                digest.Add(user, values);
            }

            return digest.Finish();
        }

        var digests = new[]
        {
            Of(("u1", [null])),
            Of(("u1", [""])),
            Of(("u1", null)),
            Of(("u1", ["a", "b"])),
            Of(("u1", ["a\u001fb"])),
            Of(("u1", ["ab"])),
            Of(("u1", ["a"]), ("u2", ["b"])),
        };

        Assert.Equal(digests.Length, digests.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(Of(("u1", ["a"]), ("u2", ["b"])), Of(("u1", ["a"]), ("u2", ["b"])));
    }
}
