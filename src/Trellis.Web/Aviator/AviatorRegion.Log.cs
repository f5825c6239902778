namespace Trellis.Web.Aviator;

/// <summary>The region's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "The Aviator model failed to answer chip {Chip}")]
    public static partial void AssistantFailed(ILogger logger, string chip, Exception exception);
}
