using System.Reflection;
using DurableTask.AzureStorage;

namespace Notifications.Local.Hosting;

/// <summary>
/// Lets the Azure Storage provider read back the queue messages the gRPC sidecar writes. The sidecar's
/// sub-orchestration messages carry a trace context holding a Google.Protobuf map, a type the provider's default
/// binder refuses to resolve, which leaves sub-orchestrations stuck in the control queue. Only types from the
/// assemblies of that path are resolved, so the binder does not widen what a queue message can instantiate.
/// </summary>
internal sealed class SidecarMessageTypeBinder : ICustomTypeBinder
{
    private static readonly string[] AllowedAssemblies =
    [
        "Google.Protobuf", "System.Private.CoreLib", "DurableTask.Core", "DurableTask.AzureStorage",
        "Microsoft.DurableTask.InProcessTestHost", "Microsoft.DurableTask.Grpc",
    ];

    public void BindToName(Type serializedType, out string assemblyName, out string typeName)
    {
        assemblyName = serializedType.Assembly.FullName!;
        typeName = serializedType.FullName!;
    }

    public Type BindToType(string assemblyName, string typeName)
    {
        var simpleName = new AssemblyName(assemblyName).Name;
        if (!AllowedAssemblies.Contains(simpleName, StringComparer.Ordinal))
        {
            throw new InvalidOperationException($"queue message type {typeName} from {assemblyName} is not allowed");
        }

        var assembly = AppDomain.CurrentDomain.GetAssemblies().FirstOrDefault(a => a.GetName().Name == simpleName) ?? Assembly.Load(assemblyName);
        return assembly.GetType(typeName, throwOnError: true)!;
    }
}
