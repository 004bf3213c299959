namespace Notifications.Gateways.Emulators;

/// <summary>Azurite could not bind a port it was given: something else listens there, or took it between the pick and the bind.</summary>
public sealed class AddressInUseException : Exception
{
    public AddressInUseException()
    {
    }

    public AddressInUseException(string message)
        : base(message)
    {
    }

    public AddressInUseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
