using System.Net;
using System.Text.Json.Nodes;

namespace Trellis.Cli.Remote;

/// <summary>One answer of the server: its status, ETag version and JSON body (an Octane error body when it failed).</summary>
internal sealed record ServerAnswer(HttpStatusCode Status, int? Version, JsonNode? Body)
{
    public bool IsSuccess => (int)Status is >= 200 and < 300;

    /// <summary>The Octane <c>error_code</c>, when the body has one.</summary>
    public string? ErrorCode => Body?["error_code"]?.GetValue<string>();

    /// <summary>One line: the status, the error code and the server's description.</summary>
    public string Describe() =>
        $"the server answered {(int)Status} {ErrorCode ?? Status.ToString()}: {Body?["description"]?.GetValue<string>() ?? "(no description)"}";
}

/// <summary>A failure before any answer: the server could not be reached, or did not answer JSON.</summary>
internal sealed class ServerUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
