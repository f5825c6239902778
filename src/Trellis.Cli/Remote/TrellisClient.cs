using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Trellis.Cli.Remote;

/// <summary>
/// The REST calls of the remote commands (docs/cli.md): sign-in with an API key, then the configuration API
/// (ETag, <c>If-Match</c>, history, restore) and the bundle API of one shared space.
/// </summary>
internal sealed class TrellisClient : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);
    private readonly HttpClient _http;
    private readonly string _actions;

    private TrellisClient(HttpClient http, long sharedSpace)
    {
        _http = http;
        SharedSpace = sharedSpace;
        _actions = $"api/shared_spaces/{sharedSpace.ToString(CultureInfo.InvariantCulture)}/external-entity-actions";
    }

    /// <summary>Signs in with the key; a refused key is a <see cref="ServerAnswer"/>, an unreachable server an exception.</summary>
    public static async Task<(TrellisClient? Client, ServerAnswer? Refusal)> SignInAsync(Credentials credentials, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(credentials.Server.TrimEnd('/') + "/", UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            throw new ServerUnreachableException($"'{credentials.Server}' is not an http or https URL");
        }

#pragma warning disable CA2000 // The HttpClient owns its handler.
        var http = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = server, Timeout = s_timeout };
#pragma warning restore CA2000
        var client = new TrellisClient(http, credentials.SharedSpace);
        var body = new JsonObject { ["client_id"] = credentials.ClientId, ["client_secret"] = credentials.ClientSecret };
        var answer = await client.SendAsync(HttpMethod.Post, "authentication/sign_in", Json(body), null, cancellationToken);
        if (answer.IsSuccess)
        {
            return (client, null);
        }

        client.Dispose();
        return (null, answer);
    }

    /// <summary>Gets the shared space the client works in.</summary>
    public long SharedSpace { get; }

    /// <summary>Gets the relative path of the space's configuration API, for calls without a method of their own.</summary>
    public string ActionsPath => _actions;

    public Task<ServerAnswer> GetConfigurationAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, _actions + "/", null, null, cancellationToken);

    public Task<ServerAnswer> PutConfigurationAsync(byte[] body, int? ifMatch, string? comment, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, _actions + "/" + (string.IsNullOrEmpty(comment) ? "" : "?comment=" + Uri.EscapeDataString(comment)),
            new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } }, ifMatch, cancellationToken);

    public Task<ServerAnswer> HistoryAsync(int limit, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"{_actions}/history?limit={limit.ToString(CultureInfo.InvariantCulture)}", null, null, cancellationToken);

    public Task<ServerAnswer> GetVersionAsync(int version, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"{_actions}/history/{version.ToString(CultureInfo.InvariantCulture)}", null, null, cancellationToken);

    public Task<ServerAnswer> RestoreAsync(int version, int ifMatch, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, $"{_actions}/history/{version.ToString(CultureInfo.InvariantCulture)}/restore", null, ifMatch, cancellationToken);

    /// <summary>Uploads a zip as a new bundle (<c>POST …/bundle</c>), or as the new content of bundle <paramref name="guid"/>.</summary>
    public Task<ServerAnswer> UploadBundleAsync(byte[] zip, string? guid, IProgress<long>? progress, CancellationToken cancellationToken) =>
        SendAsync(
            guid is null ? HttpMethod.Post : HttpMethod.Put,
            guid is null ? _actions + "/bundle" : $"{_actions}/bundles/{Uri.EscapeDataString(guid)}",
            new ProgressContent(zip, progress),
            null,
            cancellationToken);

    public Task<ServerAnswer> ListBundlesAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, _actions + "/bundles", null, null, cancellationToken);

    public Task<ServerAnswer> DeleteBundleAsync(string guid, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"{_actions}/bundles/{Uri.EscapeDataString(guid)}", null, null, cancellationToken);

    /// <summary>Points the signed-in user's own launches of one action at <paramref name="baseUrl"/> (docs/reference/launches.md#development-overrides).</summary>
    public Task<ServerAnswer> SetOverrideAsync(string action, string baseUrl, int? expiresInMinutes, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Put, $"{OverridesPath}/{Uri.EscapeDataString(action)}",
            Json(new JsonObject { ["url"] = baseUrl, ["expires_in_minutes"] = expiresInMinutes }), null, cancellationToken);

    public Task<ServerAnswer> ListOverridesAsync(CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, OverridesPath + "/", null, null, cancellationToken);

    public Task<ServerAnswer> ClearOverrideAsync(string action, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Delete, $"{OverridesPath}/{Uri.EscapeDataString(action)}", null, null, cancellationToken);

    private string OverridesPath => $"api/shared_spaces/{SharedSpace.ToString(CultureInfo.InvariantCulture)}/external-action-overrides";

    public void Dispose() => _http.Dispose();

    /// <summary>Sends one request and reads its JSON answer; only a missing answer throws.</summary>
    public async Task<ServerAnswer> SendAsync(HttpMethod method, string path, HttpContent? content, int? ifMatch, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (ifMatch is { } version)
        {
            request.Headers.IfMatch.Add(new EntityTagHeaderValue($"\"{version.ToString(CultureInfo.InvariantCulture)}\""));
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            var etag = response.Headers.ETag?.Tag.Trim('"');
            var answerVersion = int.TryParse(etag, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : (int?)null;
            return new ServerAnswer(response.StatusCode, answerVersion, ParseOrNull(text, response.StatusCode));
        }
        catch (HttpRequestException ex)
        {
            throw new ServerUnreachableException($"cannot reach {_http.BaseAddress}: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServerUnreachableException($"{_http.BaseAddress} did not answer within {s_timeout.TotalMinutes:0} minutes", ex);
        }
    }

    private static JsonNode? ParseOrNull(string text, HttpStatusCode status)
    {
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new ServerUnreachableException($"the server answered {(int)status} with a body that is not JSON; is this a Trellis URL?", ex);
        }
    }

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
