using System.CodeDom.Compiler;
using System.Reflection;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// How the server's handlers bind their parameters. Their request delegates are generated at build time
/// (docs/performance.md, "Seventh pass"), and the generator cannot ask the container which types are services: a
/// service parameter not marked <c>[FromServices]</c> is taken for a JSON body, and its endpoint then refuses every
/// request without a JSON content type, a GET among them.
/// </summary>
public sealed class EndpointBindingTests(SqliteApplication app) : IClassFixture<SqliteApplication>
{
    [Fact]
    public void EveryHandlerOfTheServer_HasItsRequestDelegateGeneratedAtBuildTime()
    {
        var handlers = ServerHandlers();

        Assert.True(handlers.Count > 50, $"Only {handlers.Count} handlers found.");
        var atRunTime = handlers.Where(e => !e.Metadata.OfType<GeneratedCodeAttribute>().Any(g => g.Tool?.StartsWith("Microsoft.AspNetCore.Http.RequestDelegateGenerator,", StringComparison.Ordinal) == true))
            .Select(e => e.DisplayName).ToList();
        Assert.True(atRunTime.Count == 0, "Built at run time: " + string.Join("; ", atRunTime));
    }

    [Fact]
    public void EveryServiceAHandlerTakes_IsDeclaredFromServices_NotLeftToBeTakenForABody()
    {
        var services = app.Services.GetRequiredService<IServiceProviderIsService>();

        var undeclared = ServerHandlers()
            .SelectMany(e => e.Metadata.OfType<IParameterBindingMetadata>()
                .Where(p => services.IsService(p.ParameterInfo.ParameterType) && !p.ParameterInfo.GetCustomAttributes(inherit: true).OfType<IFromServiceMetadata>().Any())
                .Select(p => $"{e.DisplayName}: {p.Name}"))
            .ToList();

        Assert.True(undeclared.Count == 0, "Mark these [FromServices]: " + string.Join("; ", undeclared));
    }

    [Fact]
    public void NoEndpointThatReadsNothing_AsksForABody()
    {
        var asking = ServerHandlers()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods is { } methods && methods.All(m => m is "GET" or "HEAD" or "DELETE"))
            .Where(e => e.Metadata.GetMetadata<IAcceptsMetadata>() is { IsOptional: false })
            .Select(e => e.DisplayName).ToList();

        Assert.True(asking.Count == 0, "These demand a request body: " + string.Join("; ", asking));
    }

    // The route handlers Trellis.Server maps itself (not the framework's own, such as the OpenAPI document's).
    private List<RouteEndpoint> ServerHandlers()
    {
        var server = typeof(Program).Assembly;
        return [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<MethodInfo>()?.Module.Assembly == server)];
    }
}
