using Trellis.Proxy;

// The reference proxy in front of several Trellis nodes (docs/deployment.md, "Several nodes: what needs affinity"):
// the web UI keeps to one node, REST calls are balanced, a node that stops answering is taken out and requests that
// never reached it are sent to another.
var builder = WebApplication.CreateBuilder(args);
var nodes = ProxyRoutes.Nodes(builder.Configuration);
builder.Services.AddReverseProxy().LoadFromMemory(ProxyRoutes.Routes(), ProxyRoutes.Clusters(nodes));

var app = builder.Build();
app.MapReverseProxy(pipeline =>
{
    // First, so a retry passes through affinity, balancing and the passive health check again.
    pipeline.UseMiddleware<NodeFailover>();
    pipeline.UseSessionAffinity();
    pipeline.UseLoadBalancing();
    pipeline.UsePassiveHealthChecks();
});
await app.RunAsync();
