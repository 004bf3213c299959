namespace Notifications.Local.Folders;

/// <summary>A data folder cannot be used as asked; the message names the folder and what is in the way.</summary>
internal sealed class LocalFolderException : Exception
{
    public LocalFolderException()
    {
    }

    public LocalFolderException(string message)
        : base(message)
    {
    }

    public LocalFolderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
