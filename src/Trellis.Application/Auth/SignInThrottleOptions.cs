using System.ComponentModel.DataAnnotations;

namespace Trellis.Application.Auth;

/// <summary>How sign-in failures are slowed and refused, and how many password checks run at once (<c>Trellis:Auth:SignIn</c>).</summary>
internal sealed class SignInThrottleOptions
{
    public const string Section = "Trellis:Auth:SignIn";

    /// <summary>Gets or sets how many failed sign-ins one login may have within <see cref="FailureWindow"/> before it is locked.</summary>
    /// <value>The default is 5.</value>
    [Range(1, 10_000)]
    public int MaxFailuresPerLogin { get; set; } = 5;

    /// <summary>Gets or sets how many failed sign-ins one client address may have within <see cref="FailureWindow"/> before it is locked.</summary>
    /// <value>The default is 30.</value>
    [Range(1, 1_000_000)]
    public int MaxFailuresPerClient { get; set; } = 30;

    /// <summary>Gets or sets how long a failure counts: a login or client with no failure for this long starts again from zero.</summary>
    /// <value>The default is 15 minutes.</value>
    [TimeSpanRange("00:00:01", "1.00:00:00")]
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Gets or sets how long a locked login or client is answered <c>429</c> without a password check.</summary>
    /// <value>The default is 5 minutes.</value>
    [TimeSpanRange("00:00:01", "1.00:00:00")]
    public TimeSpan Lockout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how much longer each further failure of a login waits before it is answered (the second waits this, the third twice this, …).</summary>
    /// <value>The default is 250 milliseconds.</value>
    [TimeSpanRange("00:00:00", "00:00:05")]
    public TimeSpan FailureDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Gets or sets how many password checks (PBKDF2) a node runs at once; <c>0</c> means half the processors, at least one.</summary>
    /// <value>The default is 0.</value>
    [Range(0, 1024)]
    public int MaxConcurrentChecks { get; set; }

    /// <summary>Gets or sets how many sign-ins may wait for a password check; the next one is answered <c>429</c>.</summary>
    /// <value>The default is 64.</value>
    [Range(0, 100_000)]
    public int MaxQueuedChecks { get; set; } = 64;
}
