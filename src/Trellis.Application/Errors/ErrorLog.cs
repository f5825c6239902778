namespace Trellis.Application.Errors;

/// <summary>The one log line of an unhandled error on the Octane paths, wherever it was caught.</summary>
internal static partial class ErrorLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Path} (correlation id {CorrelationId})")]
    public static partial void Unhandled(ILogger logger, Exception exception, PathString path, string correlationId);
}
