using Notifications.Core.Batches.Files;
using Notifications.Core.Delivery;
using Notifications.Core.Experiments.Readout;

namespace Notifications.Core.Tests.Experiments.Readout;

public sealed class ReadoutBuilderTests
{
    private static readonly DateOnly Day = new(2026, 11, 1);

    private static Experiment Day2Like => new()
    {
        Id = "exp-1",
        ControlPercent = 10,
        Variants =
        [
            new ExperimentVariant { Name = "first", Percent = 45, Message = new PushMessage { Title = "1" } },
            new ExperimentVariant { Name = "second", Percent = 45, Message = new PushMessage { Title = "2" } },
        ],
    };

    [Fact]
    public void Build_SecondVariantThreePointsUp_BeatsControlFirstShowsNoDifference()
    {
        // 20.0% in control and the first variant, 23.0% in the second, at the configured 10/45/45.
        var readout = ReadoutBuilder.Build(Day2Like, "goal", Day, Day,
            [new ArmCounts("control", 6_000, 0, 1_200), new ArmCounts("first", 27_000, 2_000, 5_400), new ArmCounts("second", 27_000, 2_100, 6_210)],
            new Dictionary<string, long> { ["first"] = 29_000, ["second"] = 29_100 });

        var (control, first, second) = (readout.Arms[0], readout.Arms[1], readout.Arms[2]);
        Assert.Equal("control", control.Name);
        Assert.Null(control.LiftPoints);
        Assert.Equal(0, control.Pushed);
        Assert.Equal(29_100, second.Pushed);
        Assert.Equal(0.0, first.LiftPoints!.Value, 9);
        Assert.True(first.Interval95!.Value.Contains(0));
        Assert.Equal(3.0, second.LiftPoints!.Value, 9);
        Assert.True(second.Interval95!.Value.Lower > 0);
        Assert.True(second.Interval95!.Value.Contains(3.0));
        Assert.True(second.PValue < 0.001);
        Assert.False(readout.SampleRatioMismatch);
        Assert.StartsWith("first shows no difference (+0.0 pp [", readout.Sentence, StringComparison.Ordinal);
        Assert.Contains("; second beats control by +3.0 pp [", readout.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_DeliberatelySkewedAssignment_TripsTheSampleRatioCheckFirst()
    {
        // Control should hold 10% of 60,000 users (6,000); a broken assignment put 5,400 there: chi² ≈ 66.7.
        var readout = ReadoutBuilder.Build(Day2Like, "goal", Day, Day,
            [new ArmCounts("control", 5_400, 0, 1_080), new ArmCounts("first", 27_300, 0, 5_460), new ArmCounts("second", 27_300, 0, 6_279)],
            new Dictionary<string, long>());

        Assert.True(readout.SampleRatioMismatch);
        Assert.True(readout.SrmPValue < 1e-10);
        Assert.StartsWith("Sample ratio mismatch (p=", readout.Sentence, StringComparison.Ordinal);
        Assert.Contains("MISMATCH", ReadoutText.Lines(readout)[^2], StringComparison.Ordinal);
    }

    [Fact]
    public void Build_AssignmentAtItsShares_NoMismatch()
    {
        var readout = ReadoutBuilder.Build(Day2Like, "goal", Day, Day,
            [new ArmCounts("control", 6_010, 0, 10), new ArmCounts("first", 26_950, 0, 10), new ArmCounts("second", 27_040, 0, 10)],
            new Dictionary<string, long>());

        Assert.False(readout.SampleRatioMismatch);
        Assert.True(readout.SrmPValue > 0.5);
    }

    [Fact]
    public void Build_VariantClearlyWorse_TrailsControl()
    {
        var readout = ReadoutBuilder.Build(Day2Like, "goal", Day, Day,
            [new ArmCounts("control", 6_000, 0, 1_800), new ArmCounts("first", 27_000, 0, 5_400), new ArmCounts("second", 27_000, 0, 8_100)],
            new Dictionary<string, long>());

        Assert.Contains("first trails control by -10.0 pp [", readout.Sentence, StringComparison.Ordinal);
        Assert.Contains("second shows no difference (+0.0 pp", readout.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_NoControlUsers_SaysSoWithoutLifts()
    {
        var readout = ReadoutBuilder.Build(Day2Like, "goal", Day, Day, [new ArmCounts("first", 10, 0, 1)], new Dictionary<string, long>());

        Assert.All(readout.Arms, a => Assert.Null(a.LiftPoints));
        Assert.Equal(0, readout.Arms[2].Users);
        Assert.StartsWith("Control has no users", readout.Sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void Lines_OneArmLinePerArmThenSrmThenSentence_InTheDocumentedFormat()
    {
        var readout = ReadoutBuilder.Build(Day2Like, "goal", Day, Day,
            [new ArmCounts("control", 6_000, 0, 1_200), new ArmCounts("first", 27_000, 2_000, 5_400), new ArmCounts("second", 27_000, 2_100, 6_210)],
            new Dictionary<string, long> { ["first"] = 29_000, ["second"] = 29_100 });

        var lines = ReadoutText.Lines(readout);

        Assert.Equal(5, lines.Count);
        Assert.Equal("arm: name=control users=6000 pushed=0 opened=0 converted=1200 rate=20.00% lift_pp=- ci95=- p=-", lines[0]);
        Assert.Matches(@"^arm: name=second users=27000 pushed=29100 opened=2100 converted=6210 rate=23\.00% lift_pp=\+3\.00 ci95=\[\d\.\d\d,\d\.\d\d\] p=\S+$", lines[2]);
        Assert.Matches(@"^srm: p=\d\.\d{4}$", lines[3]);
        Assert.Equal(readout.Sentence, lines[4]);
    }
}
