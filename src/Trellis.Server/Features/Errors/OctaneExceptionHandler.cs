using Microsoft.AspNetCore.Diagnostics;

namespace Trellis.Server.Features.Errors;

/// <summary>
/// Answers a crash on the Octane paths with Octane's 500 body; other paths fall through to problem details. On both,
/// a bad body or an unreachable database (<see cref="RequestFailures"/>) gets its own status instead of a 500.
/// </summary>
internal sealed class OctaneExceptionHandler(ILogger<OctaneExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (RequestFailures.Classify(exception) is { } failure)
        {
            await (OctaneSurface.Contains(httpContext.Request.Path) ? failure.ToResult() : failure.AsProblem()).ExecuteAsync(httpContext);
            return true;
        }

        if (!OctaneSurface.Contains(httpContext.Request.Path))
        {
            return false;
        }

        ErrorLog.Unhandled(logger, exception, httpContext.Request.Path, httpContext.TraceIdentifier);
        await OctaneError.GeneralError().ToResult().ExecuteAsync(httpContext);
        return true;
    }
}
