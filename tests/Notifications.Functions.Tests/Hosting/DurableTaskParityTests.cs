using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Notifications.Core.Batches.Orchestration;
using Notifications.Functions.Batches;

namespace Notifications.Functions.Tests.Hosting;

/// <summary>
/// Each durable task is written once in Core (a <c>[DurableTask]</c> class the local worker registers) and once as an
/// Azure Functions trigger (the DurableTask source generator that would write the second from the first is not served
/// here). These checks make the two one definition: the same names, the same input and output types, cancellation on
/// every activity, and every Core task registered with the local worker.
/// </summary>
public sealed partial class DurableTaskParityTests
{
    private static readonly Assembly Core = typeof(SendBatchOrchestrator).Assembly;
    private static readonly Assembly Functions = typeof(BatchActivityFunctions).Assembly;

    [Fact]
    public void Tasks_CoreAndFunctions_SameNamesAndKinds()
    {
        var core = CoreTasks().Select(t => $"{t.Kind} {t.Name}").Order().ToList();
        var functions = FunctionTasks().Select(t => $"{t.Kind} {t.Name}").Order().ToList();

        Assert.True(core.Count > 10, $"only {core.Count} Core tasks found: the scan is broken");
        Assert.Equal(core, functions);
    }

    [Fact]
    public void Activities_CoreAndFunctions_SameInputAndOutputTypes()
    {
        var functions = FunctionTasks().Where(t => t.Kind == TaskKind.Activity).ToDictionary(t => t.Name);

        Assert.All(CoreTasks().Where(t => t.Kind == TaskKind.Activity), task =>
        {
            Assert.True(functions.TryGetValue(task.Name, out var function), $"no Functions trigger for activity {task.Name}");
            Assert.True(task.Input == function!.Input, $"{task.Name}: Core takes {task.Input.Name}, Functions {function.Input.Name}");
            Assert.True(task.Output == function.Output, $"{task.Name}: Core returns {task.Output.Name}, Functions {function.Output.Name}");
        });
    }

    [Fact]
    public void Orchestrators_CoreAndFunctions_SameOutputAndTheFunctionRunsTheCoreClassOnItsInput()
    {
        var functions = FunctionTasks().Where(t => t.Kind == TaskKind.Orchestrator).ToDictionary(t => t.Name);
        var sources = Directory.EnumerateFiles(Repository.PathOf("src/Notifications.Functions"), "*.cs", SearchOption.AllDirectories)
            .Select(File.ReadAllText).ToList();

        Assert.All(CoreTasks().Where(t => t.Kind == TaskKind.Orchestrator), task =>
        {
            Assert.True(functions.TryGetValue(task.Name, out var function), $"no Functions trigger for orchestrator {task.Name}");
            Assert.True(task.Output == function!.Output, $"{task.Name}: Core returns {task.Output.Name}, Functions {function.Output.Name}");

            // The trigger's body is one line: the Core orchestrator run on the input it declares. The input type is
            // only in that line (context.GetInput<T>()), so it is read from the source.
            var input = task.Input == typeof(string) ? "string" : task.Input.Name;
            var call = $"new {task.Type.Name}().RunAsync(context, context.GetInput<{input}>()";
            Assert.True(sources.Any(s => s.Contains(call, StringComparison.Ordinal)), $"{task.Name}: no trigger runs `{call}`");
        });
    }

    [Fact]
    public void Activities_BothHosts_TakeTheHostsCancellation()
    {
        // Functions: a CancellationToken parameter (the host's shutdown). Core: the activity passes
        // ActivityCancellation's token on, which is the local host's shutdown: the same behaviour in both.
        Assert.All(FunctionTasks().Where(t => t.Kind == TaskKind.Activity), function =>
            Assert.True(function.Cancellable, $"the Functions trigger of {function.Name} takes no CancellationToken"));
        Assert.All(CoreTasks().Where(t => t.Kind == TaskKind.Activity), task =>
        {
            var source = File.ReadAllText(Directory.EnumerateFiles(Repository.PathOf("src/Notifications.Core"), task.Type.Name + ".cs", SearchOption.AllDirectories).Single());
            Assert.True(source.Contains("ActivityCancellation", StringComparison.Ordinal) && CancellationPassed().IsMatch(source),
                $"{task.Type.Name} does not pass the host's cancellation on");
        });
    }

    [Fact]
    public void LocalWorker_RegistersEveryCoreTask()
    {
        var source = File.ReadAllText(Repository.PathOf("src/Notifications.Core/DependencyInjection/DurableTaskRegistryExtensions.cs"));

        Assert.All(CoreTasks(), task => Assert.True(
            source.Contains($"Add{task.Kind}<{task.Type.Name}>()", StringComparison.Ordinal), $"{task.Type.Name} is not registered with the local worker"));
    }

    private static List<DurableTaskShape> CoreTasks() =>
        [.. Core.GetTypes().Where(t => t.GetCustomAttribute<DurableTaskAttribute>() is not null).Select(t =>
        {
            var name = t.GetCustomAttribute<DurableTaskAttribute>()!.Name.Name;
            var activity = Generic(t, typeof(TaskActivity<,>));
            var orchestrator = Generic(t, typeof(TaskOrchestrator<,>));
            var arguments = (activity ?? orchestrator ?? throw new InvalidOperationException($"{t.Name} is neither an activity nor an orchestrator")).GetGenericArguments();
            return new DurableTaskShape(name, activity is not null ? TaskKind.Activity : TaskKind.Orchestrator, arguments[0], arguments[1], t, Cancellable: false);
        })];

    private static List<DurableTaskShape> FunctionTasks() =>
        [.. Functions.GetTypes().SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Select(m => (Method: m, Function: m.GetCustomAttribute<FunctionAttribute>()))
            .Where(m => m.Function is not null)
            .Select(m => (m.Method, m.Function, Trigger: m.Method.GetParameters().FirstOrDefault(p =>
                p.GetCustomAttribute<ActivityTriggerAttribute>() is not null || p.GetCustomAttribute<OrchestrationTriggerAttribute>() is not null)))
            .Where(m => m.Trigger is not null)
            .Select(m => new DurableTaskShape(
                m.Function!.Name,
                m.Trigger!.GetCustomAttribute<ActivityTriggerAttribute>() is not null ? TaskKind.Activity : TaskKind.Orchestrator,
                m.Trigger!.ParameterType,
                m.Method.ReturnType.IsGenericType ? m.Method.ReturnType.GetGenericArguments()[0] : typeof(void),
                m.Method.DeclaringType!,
                m.Method.GetParameters().Any(p => p.ParameterType == typeof(CancellationToken))))];

    private static Type? Generic(Type type, Type definition)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition() == definition)
            {
                return t;
            }
        }

        return null;
    }

    [GeneratedRegex(@"Async\(input, ActivityCancellation\.Of\(lifetime\)\)")]
    private static partial Regex CancellationPassed();

    private enum TaskKind
    {
        Activity,
        Orchestrator,
    }

    private sealed record DurableTaskShape(string Name, TaskKind Kind, Type Input, Type Output, Type Type, bool Cancellable);
}
