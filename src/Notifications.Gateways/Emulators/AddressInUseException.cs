namespace Notifications.Gateways.Emulators;

/// <summary>Azurite could not bind a port it was given: someone took it between the pick and the bind.</summary>
internal sealed class AddressInUseException : Exception
{
    public AddressInUseException(string message)
        : base(message)
    {
    }
}
