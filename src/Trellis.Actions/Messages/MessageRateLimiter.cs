namespace Trellis.Actions.Messages;

/// <summary>
/// The flood limits of one launch instance (docs/reference/messages.md#judgment-order): at most <see cref="MessageDefaults.MaxMessagesPerSecond"/>
/// messages in any second (the rest are dropped unjudged) and at most <see cref="MessageDefaults.MaxRejectionLogsPerMinute"/>
/// logged rejections in any minute. The host keeps one per open dialog, panel or events tab. Thread-safe.
/// </summary>
/// <remarks>Both limits are sliding windows: a slot frees exactly one window after the event that took it.</remarks>
public sealed class MessageRateLimiter
{
    private static readonly TimeSpan s_second = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_minute = TimeSpan.FromMinutes(1);

    private readonly TimeProvider _time;
    private readonly Window _messages = new(MessageDefaults.MaxMessagesPerSecond);
    private readonly Window _logs = new(MessageDefaults.MaxRejectionLogsPerMinute);
    private readonly Lock _gate = new();

    /// <summary>Creates the limiter of one launch instance.</summary>
    /// <param name="timeProvider">The clock.</param>
    public MessageRateLimiter(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _time = timeProvider;
    }

    /// <summary>Counts an arriving message.</summary>
    /// <returns><see langword="false"/> when the instance is over its rate, so the message is dropped without being judged.</returns>
    public bool TryAcceptMessage()
    {
        lock (_gate)
        {
            return _messages.TryTake(_time, s_second);
        }
    }

    /// <summary>Counts a rejected or ignored message that the host wants to log.</summary>
    /// <returns><see langword="false"/> when the instance has used its log budget for the minute, so the log line is skipped.</returns>
    public bool TryLogRejection()
    {
        lock (_gate)
        {
            return _logs.TryTake(_time, s_minute);
        }
    }

    /// <summary>The timestamps of the last accepted events, in a ring; full means the oldest decides.</summary>
    private sealed class Window(int capacity)
    {
        private readonly long[] _taken = new long[capacity];
        private int _next;
        private int _count;

        public bool TryTake(TimeProvider time, TimeSpan length)
        {
            var now = time.GetTimestamp();
            if (_count == _taken.Length)
            {
                if (time.GetElapsedTime(_taken[_next], now) < length)
                {
                    return false;
                }
            }
            else
            {
                _count++;
            }

            _taken[_next] = now;
            _next = (_next + 1) % _taken.Length;
            return true;
        }
    }
}
