using Microsoft.AspNetCore.Diagnostics;

namespace Trellis.Server.Features.Errors;

/// <summary>Answers a crash on the Octane paths with Octane's 500 body; other paths fall through to problem details.</summary>
internal sealed partial class OctaneExceptionHandler(ILogger<OctaneExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (!OctaneSurface.Contains(httpContext.Request.Path))
        {
            return false;
        }

        LogUnhandled(logger, exception, httpContext.Request.Path, httpContext.TraceIdentifier);
        await OctaneError.GeneralError().ExecuteAsync(httpContext);
        return true;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Path} (correlation id {CorrelationId})")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, PathString path, string correlationId);
}
