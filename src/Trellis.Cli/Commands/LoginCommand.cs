using System.CommandLine;
using Trellis.Cli.Output;
using Trellis.Cli.Remote;

namespace Trellis.Cli.Commands;

/// <summary>
/// <c>trellis login --server URL --client-id ID [--client-secret S] [--shared-space N]</c>: checks the API key by
/// signing in and saves it for the current user (mode 600). Without <c>--client-secret</c> the secret is read from
/// standard input, so it stays out of the shell history and the process list.
/// </summary>
internal static class LoginCommand
{
    public static Command Create(CliHost host)
    {
        var server = new Option<string>("--server") { Description = Strings.LoginServerOption, Required = true };
        var clientId = new Option<string>("--client-id") { Description = Strings.LoginClientIdOption, Required = true };
        var clientSecret = new Option<string?>("--client-secret") { Description = Strings.LoginClientSecretOption };
        var space = new Option<long>("--shared-space") { Description = Strings.SharedSpaceOption, DefaultValueFactory = _ => Credentials.DefaultSharedSpace };
        var format = FormatOption.Create();
        var command = new Command("login", Strings.LoginDescription) { server, clientId, clientSecret, space, format };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var secret = parsed.GetValue(clientSecret) ?? (await host.Input.ReadLineAsync(cancellationToken))?.Trim();
            if (string.IsNullOrEmpty(secret))
            {
                await host.Error.WriteLineAsync(Strings.NoSecret);
                return ExitCodes.UsageOrIo;
            }

            var credentials = new Credentials(parsed.GetRequiredValue(server).TrimEnd('/'), parsed.GetValue(space), parsed.GetRequiredValue(clientId), secret);
            var environmentOnly = host.Environment("TRELLIS_URL") is { Length: > 0 };
            return await RemoteSession.RunAsync(host, credentials, async _ =>
            {
                try
                {
                    var path = credentials.Save(host);
                    Write(host, parsed.GetValue(format), credentials, path, environmentOnly);
                    return ExitCodes.Success;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    await host.Error.WriteLineAsync(Strings.CannotWrite(Credentials.PathIn(host), ex.Message));
                    return ExitCodes.UsageOrIo;
                }
            }, cancellationToken);
        });
        return command;
    }

    private static void Write(CliHost host, OutputFormat format, Credentials credentials, string path, bool environmentOnly)
    {
        if (format == OutputFormat.Json)
        {
            JsonOutput.WriteObject(host.Output, json =>
            {
                json.WriteString("server", credentials.Server);
                json.WriteNumber("shared_space", credentials.SharedSpace);
                json.WriteString("client_id", credentials.ClientId);
                json.WriteString("saved_to", path);
            });
            return;
        }

        host.Output.WriteLine(Strings.SignedIn(credentials.Server, credentials.ClientId, path));
        if (environmentOnly)
        {
            host.Error.WriteLine(Strings.EnvironmentWins);
        }
    }
}
