using Notifications.Local.Commands;

return await NotifyCommand.Create().Parse(args).InvokeAsync();
