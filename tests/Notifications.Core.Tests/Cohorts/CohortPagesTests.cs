using Notifications.Core.Cohorts;

namespace Notifications.Core.Tests.Cohorts;

public sealed class CohortPagesTests
{
    [Theory]
    [InlineData("0 0 17 * * *", "every day at 17:00")]
    [InlineData("0 30 8 * * *", "every day at 08:30")]
    [InlineData("0 0 9 * * 1", "every Monday at 09:00")]
    [InlineData("0 0 9 * * 1,3,5", "every Monday, Wednesday, Friday at 09:00")]
    [InlineData("0 0 9 * * 7", "every Sunday at 09:00")]
    [InlineData("0 */5 * * * *", "on the schedule 0 */5 * * * * (six-field cron)")]
    [InlineData("0 0 9 1 * *", "on the schedule 0 0 9 1 * * (six-field cron)")]
    [InlineData("0 0 25 * * *", "on the schedule 0 0 25 * * * (six-field cron)")]
    public void ScheduleInWords_Cron_DailyAndWeeklyInWordsOtherwiseAsWritten(string cron, string words) =>
        Assert.Equal(words, CohortPages.ScheduleInWords(cron));
}
