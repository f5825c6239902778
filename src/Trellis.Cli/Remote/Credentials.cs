using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Trellis.Cli.Remote;

/// <summary>
/// Where and as whom the remote commands sign in: a server, a shared space and an Octane-style API key
/// (<c>client_id</c>/<c>client_secret</c>). Read from <c>TRELLIS_URL</c>, <c>TRELLIS_CLIENT_ID</c>,
/// <c>TRELLIS_CLIENT_SECRET</c> and <c>TRELLIS_SHARED_SPACE</c> when set (CI), else from the file <c>trellis login</c> saved.
/// </summary>
internal sealed record Credentials(
    [property: JsonPropertyName("server")] string Server,
    [property: JsonPropertyName("shared_space")] long SharedSpace,
    [property: JsonPropertyName("client_id")] string ClientId,
    [property: JsonPropertyName("client_secret")] string ClientSecret)
{
    public const string FileName = "credentials.json";
    public const long DefaultSharedSpace = 1001;

    // Owner read and write only: the file holds a secret.
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    /// <summary>The environment's key when <c>TRELLIS_URL</c> is set, else the saved one, else why there is none.</summary>
    public static (Credentials? Credentials, string? Problem) Load(CliHost host)
    {
        if (host.Environment("TRELLIS_URL") is { Length: > 0 } url)
        {
            var id = host.Environment("TRELLIS_CLIENT_ID");
            var secret = host.Environment("TRELLIS_CLIENT_SECRET");
            if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(secret))
            {
                return (null, "TRELLIS_URL is set, so TRELLIS_CLIENT_ID and TRELLIS_CLIENT_SECRET must be too");
            }

            var space = host.Environment("TRELLIS_SHARED_SPACE");
            if (space is { Length: > 0 } && !long.TryParse(space, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                return (null, $"TRELLIS_SHARED_SPACE must be a number, not '{space}'");
            }

            return (new Credentials(url, space is { Length: > 0 } ? long.Parse(space, CultureInfo.InvariantCulture) : DefaultSharedSpace, id, secret), null);
        }

        var path = PathIn(host);
        if (!File.Exists(path))
        {
            return (null, "not signed in: run 'trellis login --server <url> --client-id <id>' or set TRELLIS_URL, TRELLIS_CLIENT_ID and TRELLIS_CLIENT_SECRET");
        }

        try
        {
            var saved = JsonSerializer.Deserialize<Credentials>(File.ReadAllBytes(path), s_json);
            return saved is { Server.Length: > 0, ClientId.Length: > 0, ClientSecret.Length: > 0 }
                ? (saved, null)
                : (null, $"'{path}' is incomplete: run 'trellis login' again");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return (null, $"cannot read '{path}': {ex.Message}");
        }
    }

    /// <summary>Saves these credentials for the current user, readable and writable by that user only.</summary>
    public string Save(CliHost host)
    {
        var path = PathIn(host);
        Directory.CreateDirectory(host.ConfigDirectory);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(this, s_json);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var file = new FileStream(path, options))
        {
            file.Write(bytes);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only to a new file; an older file keeps its mode unless set again.
            File.SetUnixFileMode(path, OwnerOnly);
        }

        return path;
    }

    public static string PathIn(CliHost host) => Path.Combine(host.ConfigDirectory, FileName);
}
