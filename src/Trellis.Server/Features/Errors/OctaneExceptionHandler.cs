using Microsoft.AspNetCore.Diagnostics;

namespace Trellis.Server.Features.Errors;

/// <summary>Answers a crash on the Octane paths with Octane's 500 body; other paths fall through to problem details.</summary>
internal sealed class OctaneExceptionHandler(ILogger<OctaneExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!OctaneSurface.Contains(httpContext.Request.Path))
        {
            return false;
        }

        ErrorLog.Unhandled(logger, exception, httpContext.Request.Path, httpContext.TraceIdentifier);
        await OctaneError.GeneralError().ExecuteAsync(httpContext);
        return true;
    }
}
