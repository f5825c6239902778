using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.SessionAffinity;

namespace Trellis.Proxy;

/// <summary>
/// What goes where. Two clusters over the same nodes: <c>rest</c> balances every request (sessions, data and the key
/// ring are in the database, so any node answers), <c>ui</c> keeps a browser on one node, because a Blazor circuit
/// lives in that node's memory behind its WebSocket (docs/deployment.md, "Several nodes: what needs affinity").
/// </summary>
internal static class ProxyRoutes
{
    /// <summary>The key naming the nodes: addresses separated by commas, such as <c>http://10.0.0.5:8080,http://10.0.0.6:8080</c>.</summary>
    public const string NodesKey = "Trellis:Proxy:Nodes";

    /// <summary>The cookie that pins a browser to its node.</summary>
    public const string AffinityCookie = "Trellis.Node";

    // Paths that never hold a circuit: the Octane REST API, sign-in, administration, health, keys, the API description.
    private static readonly string[] s_restPrefixes = ["/api", "/internal-api", "/authentication", "/admin", "/healthz", "/.well-known", "/openapi"];

    /// <summary>The node addresses from <see cref="NodesKey"/>; a missing or malformed one stops the start with the key and the value.</summary>
    public static IReadOnlyList<Uri> Nodes(IConfiguration configuration)
    {
        var text = configuration[NodesKey];
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidOperationException($"{NodesKey} is required: the nodes' addresses separated by commas, such as http://127.0.0.1:5080,http://127.0.0.1:5090.");
        }

        return [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(node =>
            Uri.TryCreate(node, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/"
                ? uri
                : throw new InvalidOperationException($"{NodesKey}: '{node}' is not a node address such as http://127.0.0.1:5080 (http or https, no path)."))];
    }

    public static IReadOnlyList<RouteConfig> Routes() =>
    [
        .. s_restPrefixes.Select(prefix => new RouteConfig
        {
            RouteId = "rest" + prefix.Replace('/', '-'),
            ClusterId = "rest",
            Match = new RouteMatch { Path = prefix + "/{**rest}" },
        }),
        .. s_restPrefixes.Select(prefix => new RouteConfig
        {
            RouteId = "rest-exact" + prefix.Replace('/', '-'),
            ClusterId = "rest",
            Match = new RouteMatch { Path = prefix },
        }),
        // Everything else is the web UI: its pages, /_blazor (the circuit's negotiation and socket), static files.
        new RouteConfig { RouteId = "ui", ClusterId = "ui", Match = new RouteMatch { Path = "/{**path}" } },
    ];

    public static IReadOnlyList<ClusterConfig> Clusters(IReadOnlyList<Uri> nodes)
    {
        var destinations = nodes
            .Select((uri, index) => (Id: $"node{index + 1}", Config: new DestinationConfig { Address = uri.GetLeftPart(UriPartial.Authority) }))
            .ToDictionary(d => d.Id, d => d.Config, StringComparer.OrdinalIgnoreCase);
        return
        [
            new ClusterConfig
            {
                ClusterId = "rest",
                LoadBalancingPolicy = LoadBalancingPolicies.RoundRobin,
                HealthCheck = Health,
                Destinations = destinations,
            },
            new ClusterConfig
            {
                ClusterId = "ui",
                LoadBalancingPolicy = LoadBalancingPolicies.RoundRobin,
                HealthCheck = Health,
                // A hash of the node's name, not an encrypted value: every proxy instance reads every other's cookie.
                SessionAffinity = new SessionAffinityConfig
                {
                    Enabled = true,
                    Policy = SessionAffinityConstants.Policies.HashCookie,
                    // The node is gone: pick a healthy one (the page reloads there, still signed in).
                    FailurePolicy = SessionAffinityConstants.FailurePolicies.Redistribute,
                    AffinityKeyName = AffinityCookie,
                    Cookie = new SessionAffinityCookieConfig { HttpOnly = true, IsEssential = true, SameSite = SameSiteMode.Lax, SecurePolicy = CookieSecurePolicy.SameAsRequest },
                },
                Destinations = destinations,
            },
        ];
    }

    // Active: /healthz/ready every 2 s (503 when the database or a migration is missing); two misses take a node out.
    // Passive: a node whose requests fail at the transport (over 30 % of at least 10 in a minute) rests for 10 s.
    // When every node looks unhealthy (a database restart, a slow moment) all are tried rather than none.
    private static HealthCheckConfig Health => new()
    {
        AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyOrPanic,
        Active = new ActiveHealthCheckConfig
        {
            Enabled = true,
            Interval = TimeSpan.FromSeconds(2),
            Timeout = TimeSpan.FromSeconds(5),
            Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
            Path = "/healthz/ready",
        },
        Passive = new PassiveHealthCheckConfig
        {
            Enabled = true,
            Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate,
            ReactivationPeriod = TimeSpan.FromSeconds(10),
        },
    };
}
