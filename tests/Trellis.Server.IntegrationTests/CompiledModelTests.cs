// DesignTimeServicesBuilder and OperationReporter are EF Core's internal design-time API: the services
// `dotnet ef dbcontext optimize` itself builds, so the test regenerates exactly what the tool would write.
#pragma warning disable EF1001
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Design.Internal;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Scaffolding;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Trellis.Data;
using Trellis.Data.Postgres;
using Trellis.Data.Sqlite;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// The compiled models the server starts with (docs/performance.md, idle memory) against the model the entity
/// configurations build: a model change without <c>eng/optimize-model.sh</c> fails here, not in production.
/// </summary>
public sealed partial class CompiledModelTests
{
    public static TheoryData<string> Providers => [nameof(DatabaseProvider.Sqlite), nameof(DatabaseProvider.Postgres)];

    [Theory]
    [MemberData(nameof(Providers))]
    public void TheCheckedInCompiledModelIsWhatTheEntityConfigurationsGenerate(string provider)
    {
        // The design-time factories build the model from code, as the tool does; the server adds the compiled model.
        IDesignTimeDbContextFactory<TrellisDbContext> factory = provider == nameof(DatabaseProvider.Postgres)
            ? new PostgresDesignTimeFactory() : new SqliteDesignTimeFactory();
        using var context = factory.CreateDbContext([]);
        var assembly = factory.GetType().Assembly;
        var services = new DesignTimeServicesBuilder(assembly, assembly, new OperationReporter(handler: null), []).Build(context);
        var options = new CompiledModelCodeGenerationOptions
        {
            ContextType = typeof(TrellisDbContext),
            ModelNamespace = $"Trellis.Data.CompiledModels.{provider}",
            Language = "C#",
            UseNullableReferenceTypes = true,
        };
        var generated = services.GetRequiredService<ICompiledModelCodeGeneratorSelector>().Select(options)
            .GenerateModel(context.GetService<IDesignTimeModel>().Model, options)
            .Where(file => !file.Path.EndsWith("AssemblyAttributes.cs", StringComparison.Ordinal)) // the server picks the model itself
            .ToDictionary(file => file.Path, file => WithoutModelId(file.Code), StringComparer.Ordinal);

        var folder = RepositoryFiles.PathOf("src", "Trellis.Data", "CompiledModels", provider);
        var checkedIn = Directory.GetFiles(folder, "*.cs").ToDictionary(path => Path.GetFileName(path), path => WithoutModelId(File.ReadAllText(path)), StringComparer.Ordinal);

        const string Regenerate = "the compiled model is stale: run eng/optimize-model.sh";
        Assert.True(generated.Keys.Order().SequenceEqual(checkedIn.Keys.Order()),
            $"{Regenerate} (generated {string.Join(", ", generated.Keys.Order())}; checked in {string.Join(", ", checkedIn.Keys.Order())})");
        foreach (var (name, code) in generated)
        {
            Assert.True(code == checkedIn[name], $"{Regenerate} ({provider}/{name} differs)");
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void TheServerUsesTheCompiledModelOfItsProvider(string provider)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Trellis:Database:Provider"] = provider.ToLowerInvariant(),
            ["ConnectionStrings:Trellis"] = provider == nameof(DatabaseProvider.Postgres) ? "Host=unused" : "Data Source=:memory:",
        }).Build();
        using var serviceProvider = new ServiceCollection().AddTrellisData(configuration).BuildServiceProvider();
        using var context = serviceProvider.GetRequiredService<IDbContextFactory<TrellisDbContext>>().CreateDbContext();

        Assert.Equal($"Trellis.Data.CompiledModels.{provider}", context.Model.GetType().Namespace);
    }

    // Each generation draws a new model id, which is no part of the model.
    private static string WithoutModelId(string code) => ModelId().Replace(code, "modelId: new Guid()");

    [GeneratedRegex("""modelId: new Guid\("[0-9a-f-]+"\)""")]
    private static partial Regex ModelId();
}
