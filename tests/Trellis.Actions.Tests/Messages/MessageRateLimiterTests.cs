using Microsoft.Extensions.Time.Testing;
using Trellis.Actions.Messages;

namespace Trellis.Actions.Tests.Messages;

public sealed class MessageRateLimiterTests
{
    [Fact]
    public void TryAcceptMessage_FiftyInOneSecond_DropsTheFiftyFirst()
    {
        var time = new FakeTimeProvider();
        var limiter = new MessageRateLimiter(time);

        var accepted = Enumerable.Range(0, 60).Count(_ => limiter.TryAcceptMessage());

        Assert.Equal(MessageDefaults.MaxMessagesPerSecond, accepted);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(limiter.TryAcceptMessage());
    }

    [Fact]
    public void TryAcceptMessage_SlidingWindow_FreesSlotsOneSecondAfterEachMessage()
    {
        var time = new FakeTimeProvider();
        var limiter = new MessageRateLimiter(time);
        Assert.All(Enumerable.Range(0, 25), _ => Assert.True(limiter.TryAcceptMessage()));
        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.All(Enumerable.Range(0, 25), _ => Assert.True(limiter.TryAcceptMessage()));

        time.Advance(TimeSpan.FromMilliseconds(499));
        Assert.False(limiter.TryAcceptMessage());

        // One second after the first 25, exactly those 25 slots are free again.
        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(25, Enumerable.Range(0, 40).Count(_ => limiter.TryAcceptMessage()));
    }

    [Fact]
    public void TryLogRejection_TwentyPerMinute_ThenQuietUntilTheMinutePasses()
    {
        var time = new FakeTimeProvider();
        var limiter = new MessageRateLimiter(time);

        var logged = Enumerable.Range(0, 30).Count(_ => limiter.TryLogRejection());
        time.Advance(TimeSpan.FromSeconds(59));
        var stillQuiet = limiter.TryLogRejection();
        time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(MessageDefaults.MaxRejectionLogsPerMinute, logged);
        Assert.False(stillQuiet);
        Assert.True(limiter.TryLogRejection());
    }

    [Fact]
    public void Limits_AreIndependent()
    {
        var limiter = new MessageRateLimiter(new FakeTimeProvider());
        Assert.Equal(MessageDefaults.MaxRejectionLogsPerMinute, Enumerable.Range(0, 30).Count(_ => limiter.TryLogRejection()));

        Assert.True(limiter.TryAcceptMessage());
    }

    [Fact]
    public void TryAcceptMessage_ConcurrentCallers_AcceptExactlyTheLimit()
    {
        var limiter = new MessageRateLimiter(new FakeTimeProvider());
        var accepted = 0;

        Parallel.For(0, 1000, _ =>
        {
            if (limiter.TryAcceptMessage())
            {
                Interlocked.Increment(ref accepted);
            }
        });

        Assert.Equal(MessageDefaults.MaxMessagesPerSecond, accepted);
    }
}
