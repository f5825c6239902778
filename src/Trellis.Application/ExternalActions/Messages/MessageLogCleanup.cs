using Microsoft.Extensions.Options;

namespace Trellis.Application.ExternalActions.Messages;

/// <summary>
/// Enforces the message log's retention (<c>Trellis:MessageLog</c>, docs/configuration.md): at start and then every
/// <see cref="MessageLogOptions.CleanupInterval"/>. Every node runs it; the deletes are idempotent.
/// </summary>
internal sealed partial class MessageLogCleanup(LaunchMessageLog log, IOptions<MessageLogOptions> options, TimeProvider time, ILogger<MessageLogCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval, time);
        do
        {
            try
            {
                var deleted = await log.PurgeAsync(stoppingToken);
                if (deleted > 0)
                {
                    LogPurged(logger, deleted);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A database outage must not stop the service; the next round tries again.
                LogFailed(logger, exception);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The message log's clean-up deleted {Count} old launches and messages")]
    private static partial void LogPurged(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The message log's clean-up failed; it runs again at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
