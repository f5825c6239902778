using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Trellis.Actions.Catalog;
using Trellis.Actions.Configuration;
using Trellis.Actions.EntityTypes;
using Trellis.Actions.Policy;
using Trellis.Application.Operations;
using Trellis.Application.SiteParameters;
using Trellis.Data;

namespace Trellis.Application.ExternalActions;

/// <summary>One shared space's compiled configuration at one version.</summary>
/// <param name="Version">The version number (0 when nothing was saved).</param>
/// <param name="Catalog">The compiled actions.</param>
internal sealed record CatalogEntry(int Version, ActionCatalog Catalog);

/// <summary>
/// Each shared space's compiled <see cref="ActionCatalog"/>, held in memory and swapped atomically when a newer
/// version is saved here or announced by another node (PostgreSQL <c>NOTIFY</c>), so a toolbar lookup never reads
/// the database.
/// </summary>
internal sealed class LiveCatalog(IDbContextFactory<TrellisDbContext> dbFactory, SiteParameterStore siteParameters, DatabaseSettings database, TrellisMetrics metrics)
{
    /// <summary>The channel other nodes listen on; the payload is <c>&lt;space&gt;:&lt;version&gt;</c>.</summary>
    public const string Channel = "trellis_external_actions";

    private readonly ConcurrentDictionary<long, CatalogEntry> _entries = new();

    // The newest version each space is known to have, so a slow load never caches an older catalog over a newer one.
    private readonly ConcurrentDictionary<long, int> _known = new();

    /// <summary>The space's current catalog, loaded from the database on first use or after a change elsewhere.</summary>
    public async ValueTask<CatalogEntry> GetAsync(long sharedSpaceId, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue(sharedSpaceId, out var entry))
        {
            return entry;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (version, json) = await ActionConfigurationStore.LatestAsync(db, sharedSpaceId, cancellationToken);
        var loaded = await CompileAsync(version, json, cancellationToken);
        metrics.CatalogLoaded();
        if (!_known.TryGetValue(sharedSpaceId, out var known) || known <= version)
        {
            Swap(sharedSpaceId, loaded);
        }

        return loaded;
    }

    /// <summary>Installs a version this node just saved and tells the other nodes about it.</summary>
    public async Task PublishAsync(TrellisDbContext db, long sharedSpaceId, int version, string json, CancellationToken cancellationToken)
    {
        Swap(sharedSpaceId, await CompileAsync(version, json, cancellationToken));
        if (database.Provider == DatabaseProvider.Postgres)
        {
            var payload = string.Create(CultureInfo.InvariantCulture, $"{sharedSpaceId}:{version}");
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {payload})", cancellationToken);
        }
    }

    /// <summary>Another node saved <paramref name="version"/>: drop an older catalog so the next lookup reloads.</summary>
    public void Announced(long sharedSpaceId, int version)
    {
        _known.AddOrUpdate(sharedSpaceId, version, (_, known) => Math.Max(known, version));
        if (_entries.TryGetValue(sharedSpaceId, out var entry) && entry.Version < version)
        {
            _entries.TryRemove(KeyValuePair.Create(sharedSpaceId, entry));
        }
    }

    /// <summary>Forgets every catalog (after a lost listener connection, announcements may have been missed).</summary>
    public void Clear() => _entries.Clear();

    private void Swap(long sharedSpaceId, CatalogEntry entry)
    {
        _known.AddOrUpdate(sharedSpaceId, entry.Version, (_, known) => Math.Max(known, entry.Version));
        _entries.AddOrUpdate(sharedSpaceId, entry, (_, old) => old.Version > entry.Version ? old : entry);
    }

    /// <summary>
    /// Compiles a stored version. It was valid when saved; if the protocol policy has since narrowed, it compiles
    /// with its own schemes allowed, and launch planning then disables those actions with reason <c>protocol</c>.
    /// </summary>
    private async Task<CatalogEntry> CompileAsync(int version, string json, CancellationToken cancellationToken)
    {
        var policy = (await siteParameters.GetAsync(cancellationToken)).ToActionPolicy();
        var utf8 = Encoding.UTF8.GetBytes(json);
        var parsed = ActionConfigParser.Parse(utf8, ConfigFormat.Editor, policy);
        if (parsed.HasErrors)
        {
            parsed = ActionConfigParser.Parse(utf8, ConfigFormat.Editor, policy with { Protocols = ProtocolPolicy.Parse(SchemesOf(json)) });
        }

        return new CatalogEntry(version, ActionCatalog.Compile(parsed.Actions, EntityTypeTree.Default));
    }

    private static string SchemesOf(string json)
    {
        var schemes = new List<string> { ProtocolPolicy.DefaultValue };
        foreach (var action in JsonNode.Parse(json)!.AsArray().OfType<JsonObject>())
        {
            if (action["url"] is JsonValue value && value.TryGetValue<string>(out var url) && url.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon)
            {
                schemes.Add(url[..colon]);
            }
        }

        return string.Join(',', schemes);
    }
}
