namespace Trellis.Cli.Remote;

/// <summary>
/// Runs a remote command's work with a signed-in client, turning every way of failing before the work starts into one
/// line and an exit code: no saved sign-in or an unreachable server is <see cref="ExitCodes.UsageOrIo"/>, a refused key
/// is <see cref="ExitCodes.Refused"/>.
/// </summary>
internal static class RemoteSession
{
    public static async Task<int> RunAsync(CliHost host, Func<TrellisClient, Task<int>> work, CancellationToken cancellationToken)
    {
        var (credentials, problem) = Credentials.Load(host);
        if (credentials is null)
        {
            await host.Error.WriteLineAsync("trellis: " + problem);
            return ExitCodes.UsageOrIo;
        }

        return await RunAsync(host, credentials, work, cancellationToken);
    }

    /// <summary>Runs the work signed in with the given credentials (<c>trellis login</c> checks new ones this way).</summary>
    public static async Task<int> RunAsync(CliHost host, Credentials credentials, Func<TrellisClient, Task<int>> work, CancellationToken cancellationToken)
    {
        try
        {
            var (client, refusal) = await TrellisClient.SignInAsync(credentials, cancellationToken);
            if (client is null)
            {
                await host.Error.WriteLineAsync($"trellis: {credentials.Server} refused the API key '{credentials.ClientId}': {refusal!.Describe()}");
                return ExitCodes.Refused;
            }

            using (client)
            {
                return await work(client);
            }
        }
        catch (ServerUnreachableException ex)
        {
            await host.Error.WriteLineAsync("trellis: " + ex.Message);
            return ExitCodes.UsageOrIo;
        }
    }

    /// <summary>Prints why the server refused a request and gives the exit code for it.</summary>
    public static async Task<int> RefusedAsync(CliHost host, ServerAnswer answer)
    {
        await host.Error.WriteLineAsync("trellis: " + answer.Describe());
        return ExitCodes.Refused;
    }
}
