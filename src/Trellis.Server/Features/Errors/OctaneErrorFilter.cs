namespace Trellis.Server.Features.Errors;

/// <summary>
/// The Octane group's error surface: a handler that throws still answers in Octane's shape, with a 500 and
/// <c>platform.general_error</c>, never a stack trace. The exception handler covers what happens outside endpoints.
/// </summary>
internal sealed class OctaneErrorFilter(ILogger<OctaneErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (BadHttpRequestException exception)
        {
            return (OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, exception.Message) with { StatusCode = exception.StatusCode }).ToResult();
        }
        catch (Exception exception) when (RequestFailures.Classify(exception) is { } failure)
        {
            return failure.ToResult();
        }
        catch (Exception exception) when (!context.HttpContext.RequestAborted.IsCancellationRequested)
        {
            ErrorLog.Unhandled(logger, exception, context.HttpContext.Request.Path, context.HttpContext.TraceIdentifier);
            return OctaneError.GeneralError().ToResult();
        }
    }
}
