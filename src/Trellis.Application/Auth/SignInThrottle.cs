using System.Collections.Concurrent;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Trellis.Application.Auth;

/// <summary>
/// The per-node guard in front of every password check (REST sign-in and the sign-in page alike): failures are
/// counted per login and per client address, each further failure of a login is answered a little later, a login
/// or client over its limit is refused for <see cref="SignInThrottleOptions.Lockout"/>, and only a few PBKDF2 checks
/// run at once so a flood of wrong passwords cannot take every thread (docs/administration.md#sign-in-throttling-and-input-limits).
/// </summary>
internal sealed partial class SignInThrottle : IDisposable
{
    // Logins longer than this share their counter with every login that starts alike; none is that long.
    private const int MaxKeyLength = 256;

    // A busy queue clears within a second or two: that is what a refused check is told to wait.
    private static readonly TimeSpan QueueFullRetryAfter = TimeSpan.FromSeconds(2);

    // Failures age out after the window; checks are slow, so the entries made within one window stay few.
    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);
    private readonly ConcurrencyLimiter _checks;
    private readonly SignInThrottleOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SignInThrottle> _logger;

    public SignInThrottle(IOptions<SignInThrottleOptions> options, TimeProvider time, ILogger<SignInThrottle> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _checks = new ConcurrencyLimiter(new ConcurrencyLimiterOptions
        {
            PermitLimit = _options.MaxConcurrentChecks > 0 ? _options.MaxConcurrentChecks : Math.Max(1, Environment.ProcessorCount / 2),
            QueueLimit = _options.MaxQueuedChecks,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
    }

    /// <summary>The address a sign-in counts against.</summary>
    public static string ClientOf(HttpContext http) =>
        http.Connection.RemoteIpAddress is { } address ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString() : IPAddress.None.ToString();

    /// <summary>How long the login or the client is still locked, or <see langword="null"/> when it may try.</summary>
    public TimeSpan? RetryAfter(string login, string client)
    {
        var now = _time.GetUtcNow();
        var until = DateTimeOffset.MinValue;
        foreach (var key in new[] { LoginKey(login), ClientKey(client) })
        {
            if (_failures.TryGetValue(key, out var failures) && failures.LockedUntil > until)
            {
                until = failures.LockedUntil;
            }
        }

        return until > now ? until - now : null;
    }

    /// <summary>Waits for a password-check slot; a lease that is not acquired means the queue is full (answer 429).</summary>
    public async ValueTask<(RateLimitLease Lease, TimeSpan RetryAfter)> AcquireCheckAsync(CancellationToken cancellationToken) =>
        (await _checks.AcquireAsync(1, cancellationToken), QueueFullRetryAfter);

    /// <summary>Counts a failed check for the login and the client; returns how long to hold the answer.</summary>
    public TimeSpan Failed(string login, string client)
    {
        var now = _time.GetUtcNow();
        ForgetExpired(now);
        var byLogin = Count(LoginKey(login), _options.MaxFailuresPerLogin, now);
        var byClient = Count(ClientKey(client), _options.MaxFailuresPerClient, now);
        if (byLogin == _options.MaxFailuresPerLogin || byClient == _options.MaxFailuresPerClient)
        {
            Log.LockedOut(_logger, byLogin, byClient, client, _options.Lockout);
        }

        // The failure that locks is answered at once: the next attempt gets 429 anyway.
        return byLogin >= _options.MaxFailuresPerLogin ? TimeSpan.Zero : _options.FailureDelay * (byLogin - 1);
    }

    /// <summary>A correct password clears the login's failures (not the client's: one known account must not reset them).</summary>
    public void Succeeded(string login) => _failures.TryRemove(LoginKey(login), out _);

    public void Dispose() => _checks.Dispose();

    private int Count(string key, int limit, DateTimeOffset now) =>
        _failures.AddOrUpdate(
            key,
            static (_, state) => Failures.First(state.now, state.limit, state.options),
            static (_, old, state) => old.Next(state.now, state.limit, state.options),
            (now, limit, options: _options)).Count;

    private void ForgetExpired(DateTimeOffset now)
    {
        // Cheap enough: a failure already cost a PBKDF2 check, and the sweep only runs once the table has grown.
        if (_failures.Count < 10_000)
        {
            return;
        }

        foreach (var (key, failures) in _failures)
        {
            if (failures.Last + _options.FailureWindow <= now && failures.LockedUntil <= now)
            {
                _failures.TryRemove(KeyValuePair.Create(key, failures));
            }
        }
    }

    private static string LoginKey(string login) => "login:" + Shorten(login.Trim().ToLowerInvariant());

    private static string ClientKey(string client) => "client:" + Shorten(client);

    private static string Shorten(string text) => text.Length > MaxKeyLength ? text[..MaxKeyLength] : text;

    /// <summary>Failures within the window, the last one's time and the end of a lockout.</summary>
    private sealed record Failures(int Count, DateTimeOffset Last, DateTimeOffset LockedUntil)
    {
        public static Failures First(DateTimeOffset now, int limit, SignInThrottleOptions options) =>
            new(1, now, limit <= 1 ? now + options.Lockout : DateTimeOffset.MinValue);

        public Failures Next(DateTimeOffset now, int limit, SignInThrottleOptions options)
        {
            // A quiet window starts the count again; otherwise every failure from the limit on locks again.
            var count = Last + options.FailureWindow <= now ? 1 : Count + 1;
            return new(count, now, count >= limit ? now + options.Lockout : LockedUntil);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
            Message = "Sign-in locked after repeated failures ({LoginFailures} for the login, {ClientFailures} from client {Client}); refused for {Lockout}")]
        public static partial void LockedOut(ILogger logger, int loginFailures, int clientFailures, string client, TimeSpan lockout);
    }
}
