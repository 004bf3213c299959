using Notifications.Core.Delivery;
using Notifications.Core.Devices;

namespace Notifications.Core.Approvals.Review;

/// <summary>What a sample of the audience says about each form: its reach, and which arm and forms each sampled user gets.</summary>
/// <param name="Forms">Every form, arm by arm, with the devices and users it reaches, scaled to the audience.</param>
/// <param name="ArmOf">Each sampled user's arm (<see cref="Batches.Files.ExperimentArms.Control"/> for control).</param>
/// <param name="Devices">Each sampled user's devices on the campaign's platforms.</param>
/// <param name="FormOf">The index in <paramref name="Forms"/> of the form a device of a user in an arm gets.</param>
public sealed record SampleReach(
    IReadOnlyList<ReviewForm> Forms, IReadOnlyList<int> ArmOf, IReadOnlyList<IReadOnlyList<DeviceRegistration>> Devices, Func<int, string?, int> FormOf);
