using System.Diagnostics;

namespace Notifications.Local.Benchmarks;

/// <summary>CPU time and bytes allocated by this process between two points, per push.</summary>
internal readonly record struct ProcessCost(TimeSpan Cpu, long Allocated)
{
    public static ProcessCost Now()
    {
        using var process = Process.GetCurrentProcess();
        return new ProcessCost(process.TotalProcessorTime, GC.GetTotalAllocatedBytes(precise: true));
    }

    public ProcessCost Since(ProcessCost start) => new(Cpu - start.Cpu, Allocated - start.Allocated);

    public double CpuMicrosecondsPer(long pushes) => Cpu.TotalMicroseconds / pushes;

    public double BytesPer(long pushes) => (double)Allocated / pushes;
}
