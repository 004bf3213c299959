namespace Notifications.Core.Batches.Files;

/// <summary>A batch file that cannot be sent: every problem found, each naming where it is.</summary>
public sealed class BatchFileException : Exception
{
    /// <summary>Creates the exception from every problem found in the file, each naming where it is.</summary>
    public BatchFileException(IReadOnlyList<string> problems)
        : base("The batch file is invalid: " + string.Join("; ", problems))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception for a single <paramref name="problem"/>, which names where in the file it is.</summary>
    public BatchFileException(string problem)
        : this([problem])
    {
    }

    /// <summary>Each problem, e.g. <c>audience.users[12]: ... (line 3, byte offset 180)</c>.</summary>
    public IReadOnlyList<string> Problems { get; }
}
