using Notifications.Core.Batches.Files;
using Notifications.Core.Cohorts;
using Notifications.Core.Delivery;

namespace Notifications.Core.Tests.Batches.Files;

public sealed class ExperimentArmsTests
{
    private const int Users = 100_000;

    public static TheoryData<string> Experiments() => new(CohortCatalog.All.Select(c => c.Experiment.Id).Append("uneven-three-way"));

    [Theory]
    [MemberData(nameof(Experiments))]
    public void Assign_100000Users_EachArmWithinOnePointOfItsShare(string experimentId)
    {
        var experiment = Find(experimentId);
        var arms = new ExperimentArms(experiment);
        var counts = new int[experiment.Variants.Count + 1];

        for (var i = 0; i < Users; i++)
        {
            counts[arms.Assign($"user-{i:D7}") + 1]++;
        }

        var shares = new[] { experiment.ControlPercent }.Concat(experiment.Variants.Select(v => v.Percent)).ToArray();
        for (var arm = 0; arm < counts.Length; arm++)
        {
            var observed = 100.0 * counts[arm] / Users;
            Assert.InRange(observed, (double)shares[arm] - 1, (double)shares[arm] + 1);
        }
    }

    [Fact]
    public void Assign_SameUserAcrossInstancesAndRuns_SameArm()
    {
        var experiment = CohortCatalog.Find("day21-inactive")!.Experiment;
        var monday = new ExperimentArms(experiment);
        var tuesday = new ExperimentArms(experiment with { Variants = [.. experiment.Variants] });

        var users = Enumerable.Range(0, 5_000).Select(i => $"demo-{i:D7}").ToList();

        Assert.Equal(users.Select(monday.Assign), users.Select(tuesday.Assign));

        // Pinned: the bucket function is a contract with every day already logged in the exposure data. If this
        // changes, users switch arms mid-experiment and the BI team's lift numbers are wrong.
        Assert.Equal(
            [8038, 4272, 7739, 9350, 4008],
            new[] { "demo-0000000", "demo-0000001", "demo-0000002", "u-42", "a@b" }.Select(u => ExperimentArms.Bucket("day21-inactive-v1", u)));
    }

    [Fact]
    public void Assign_SameUserTwoExperiments_IndependentArms()
    {
        var a = new ExperimentArms(CohortCatalog.Find("day1-unfinished-signup")!.Experiment);
        var b = new ExperimentArms(CohortCatalog.Find("day2-engagement")!.Experiment);

        // Control in one experiment says nothing about the other: about 10% of a's control is b's control too.
        var controlInA = Enumerable.Range(0, 20_000).Select(i => $"user-{i}").Where(u => a.Assign(u) == ExperimentArms.Control).ToList();
        var alsoControlInB = controlInA.Count(u => b.Assign(u) == ExperimentArms.Control);

        Assert.InRange(100.0 * alsoControlInB / controlInA.Count, 7, 13);
    }

    private static Experiment Find(string id) =>
        CohortCatalog.All.Select(c => c.Experiment).FirstOrDefault(e => e.Id == id) ?? new Experiment
        {
            Id = id,
            ControlPercent = 12.5m,
            Variants =
            [
                new ExperimentVariant { Name = "a", Percent = 50, Message = new PushMessage { Title = "a" } },
                new ExperimentVariant { Name = "b", Percent = 33.25m, Message = new PushMessage { Title = "b" } },
                new ExperimentVariant { Name = "c", Percent = 4.25m, Message = new PushMessage { Title = "c" } },
            ],
        };
}
