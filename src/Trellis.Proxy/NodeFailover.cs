using System.Net.Sockets;
using Yarp.ReverseProxy.Forwarder;

namespace Trellis.Proxy;

/// <summary>
/// Sends a request to another node when the one chosen could not take it: its connection was refused (nothing
/// was sent, so any method is safe to send again), or, for a request without side effects (GET, HEAD, OPTIONS),
/// it failed before any of the answer reached the client. Without this a client would see a 502 for every request
/// that reaches a stopped node before the health checks take it out.
/// </summary>
internal sealed class NodeFailover(RequestDelegate next, ILogger<NodeFailover> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var proxy = context.GetReverseProxyFeature();
        // Balancing narrows the list to the node it picked, so the candidates are kept from before.
        var candidates = proxy.AvailableDestinations;
        while (true)
        {
            await next(context);
            var failure = context.GetForwarderErrorFeature();
            if (failure is null || context.Response.HasStarted || !MaySendAgain(context.Request, failure) || proxy.ProxiedDestination is not { } failed)
            {
                return;
            }

            candidates = [.. candidates.Where(d => d != failed)];
            if (candidates.Count == 0)
            {
                return;
            }

            Log.SendingElsewhere(logger, context.Request.Method, context.Request.Path, failed.DestinationId, failure.Error);
            proxy.AvailableDestinations = candidates;
            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
        }
    }

    private static bool MaySendAgain(HttpRequest request, IForwarderErrorFeature failure) =>
        failure.Error == ForwarderError.Request
        && (IsRefused(failure.Exception) || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));

    private static bool IsRefused(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                return true;
            }
        }

        return false;
    }
}

internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path}: {Node} failed ({Error}); sending it to another node")]
    public static partial void SendingElsewhere(ILogger logger, string method, PathString path, string node, ForwarderError error);
}
