using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Trellis.Data;
using Trellis.Server.Features.ExternalActions.Bundles;

namespace Trellis.Server.IntegrationTests.Bundles;

/// <summary>
/// The server with an in-memory <see cref="IBundleActionSink"/>: it keeps each space's actions (guid, name, JSON)
/// so upload, lookup by name and replacement can be exercised before the configuration store exists.
/// </summary>
public class BundleApplication(DatabaseProvider provider) : TrellisApplication(provider)
{
    internal InMemoryActionSink Actions { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<IBundleActionSink>(Actions));
    }
}

public sealed class SqliteBundleApplication() : BundleApplication(DatabaseProvider.Sqlite);

public sealed class PostgresBundleApplication() : BundleApplication(DatabaseProvider.Postgres);

/// <summary>Actions by space and case-insensitive name; refuses a second action of a name like the real store.</summary>
internal sealed class InMemoryActionSink : IBundleActionSink
{
    private readonly ConcurrentDictionary<(long Space, string Name), BundleActionStored> _actions = new();

    public Task<BundleActionInfo?> FindByNameAsync(long sharedSpaceId, string name, CancellationToken cancellationToken) =>
        Task.FromResult(_actions.TryGetValue((sharedSpaceId, name.ToUpperInvariant()), out var action) ? new BundleActionInfo(action.Guid, action.Name) : null);

    public Task<BundleActionResult> UpsertFromBundleAsync(long sharedSpaceId, string rawActionJson, string bundleGuid, long userId,
        TrellisDbContext transaction, string? replacingActionGuid, CancellationToken cancellationToken)
    {
        var json = JsonNode.Parse(rawActionJson)!.AsObject();
        var name = json["name"]!.GetValue<string>();
        var key = (sharedSpaceId, name.ToUpperInvariant());
        _actions.TryGetValue(key, out var existing);
        if (replacingActionGuid is null && existing is not null)
        {
            return Task.FromResult(new BundleActionResult(BundleActionOutcome.Duplicate, existing, []));
        }

        var guid = existing?.Guid ?? Guid.NewGuid().ToString("D");
        json["guid"] = guid;
        json["bundle_guid"] = bundleGuid;
        var stored = new BundleActionStored(guid, name, json);
        _actions[key] = stored;
        return Task.FromResult(new BundleActionResult(existing is null ? BundleActionOutcome.Created : BundleActionOutcome.Replaced, stored, ImmutableArray<Trellis.Actions.Diagnostics.Diagnostic>.Empty));
    }
}
