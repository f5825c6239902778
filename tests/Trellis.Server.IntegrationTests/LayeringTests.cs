using System.Text.Json;
using Trellis.Application.Errors;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// The layers of docs/architecture.md#one-path-through-the-layers, read from the built assemblies: the web UI reaches
/// the data only through the application services, and neither the services nor the UI know the host's endpoints.
/// </summary>
public sealed class LayeringTests
{
    private static readonly string[] WebMustNotReference = ["Trellis.Server", "Trellis.Data", "Trellis.Data.Sqlite", "Trellis.Data.Postgres", "Microsoft.EntityFrameworkCore"];

    [Fact]
    public void TheWebUi_ReferencesNeitherTheDatabaseNorTheHost()
    {
        var referenced = ReferencedNames(typeof(Trellis.Web.App));

        Assert.Contains("Trellis.Application", referenced);
        Assert.Empty(referenced.Intersect(WebMustNotReference));
    }

    [Fact]
    public void TheApplicationServices_DoNotKnowTheHostOrTheUi()
    {
        var referenced = ReferencedNames(typeof(Trellis.Application.Access.AccessResolver));

        Assert.Contains("Trellis.Data", referenced);
        Assert.DoesNotContain("Trellis.Server", referenced);
        Assert.DoesNotContain("Trellis.Web", referenced);
    }

    [Fact]
    public void AnOctaneError_RefusesToBeWrittenAsAPlainValue()
    {
        // Only the host's adapter answers it; an endpoint that returned it as an object would answer 200.
        var slip = Assert.Throws<InvalidOperationException>(() => JsonSerializer.Serialize<object>(OctaneError.Forbidden("No.")));

        Assert.Contains("OctaneErrorResults.ToResult", slip.Message, StringComparison.Ordinal);
    }

    private static string[] ReferencedNames(Type type) => [.. type.Assembly.GetReferencedAssemblies().Select(a => a.Name!)];
}
