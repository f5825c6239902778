using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Trellis.Actions.Configuration;
using Trellis.Actions.Diagnostics;
using Trellis.Application.Audit;
using Trellis.Application.ExternalActions.Bundles;
using Trellis.Application.Operations;
using Trellis.Application.SiteParameters;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Application.ExternalActions;

/// <summary>How a configuration version arrived (docs/reference/rest.md#configuration-api <c>source</c>).</summary>
internal static class ConfigSources
{
    public const string Editor = "editor";
    public const string Rest = "rest";
    public const string Bundle = "bundle";
    public const string Restore = "restore";
    public const string Bootstrap = "bootstrap";
}

/// <summary>The outcome of a save: the version now current, or why nothing was stored.</summary>
internal sealed record SaveOutcome(SaveStatus Status, int Version, string Json, int ActionCount, ImmutableArray<Diagnostic> Diagnostics);

/// <summary>Why a save did or did not store a version.</summary>
internal enum SaveStatus
{
    /// <summary>A new version was stored.</summary>
    Saved,

    /// <summary>The content equals the current version; nothing was stored.</summary>
    Unchanged,

    /// <summary>The configuration has errors; nothing was stored.</summary>
    Invalid,

    /// <summary>The caller's <c>If-Match</c> is not the current version, or another writer took the version first.</summary>
    Conflict,
}

/// <summary>
/// Stores each shared space's external-action configuration as numbered versions (docs/reference/rest.md#configuration-api): validates with the
/// current site policy, keeps every action's guid across edits and renames, and lets exactly one writer have each
/// version number (the unique index decides; a writer without <c>If-Match</c> retries on the next number).
/// </summary>
internal sealed class ActionConfigurationStore(
    IDbContextFactory<TrellisDbContext> dbFactory,
    SiteParameterStore siteParameters,
    LiveCatalog catalog,
    TimeProvider time,
    TrellisMetrics metrics)
{
    public const int MaxCommentLength = 500;

    // A writer without If-Match loses a race at most this often before it gives up with a conflict.
    private const int MaxAttempts = 5;

    // The first key of the per-space advisory lock that serialises writers on PostgreSQL (SQLite's IMMEDIATE
    // transaction does the same there).
    private const int WriteLockClass = 0x5841;

    /// <summary>The newest version of a space: its number (0 when none was saved) and JSON.</summary>
    public static async Task<(int Version, string Json)> LatestAsync(TrellisDbContext db, long sharedSpaceId, CancellationToken cancellationToken)
    {
        var latest = await db.ActionConfigVersions.AsNoTracking().Where(v => v.SharedSpaceId == sharedSpaceId)
            .OrderByDescending(v => v.Version).Select(v => new { v.Version, v.Json }).FirstOrDefaultAsync(cancellationToken);
        return latest is null ? (0, "[]") : (latest.Version, latest.Json);
    }

    /// <summary>One stored version (0 is the empty configuration), or <see langword="null"/>.</summary>
    public static async Task<ActionConfigVersion?> FindAsync(TrellisDbContext db, long sharedSpaceId, int version, CancellationToken cancellationToken)
    {
        if (version == 0)
        {
            return new ActionConfigVersion { SharedSpaceId = sharedSpaceId, Version = 0, Json = "[]", Source = ConfigSources.Bootstrap };
        }

        return await db.ActionConfigVersions.AsNoTracking().SingleOrDefaultAsync(v => v.SharedSpaceId == sharedSpaceId && v.Version == version, cancellationToken);
    }

    /// <summary>
    /// The stored array with each action's current <c>bundle_guid</c>, which the bundle endpoints may change
    /// without a new version.
    /// </summary>
    public static async Task<JsonArray> WithCurrentBundlesAsync(TrellisDbContext db, long sharedSpaceId, string json, CancellationToken cancellationToken)
    {
        var bundles = await db.ActionIdentities.AsNoTracking().Where(i => i.SharedSpaceId == sharedSpaceId)
            .ToDictionaryAsync(i => i.Guid, i => i.BundleGuid, StringComparer.Ordinal, cancellationToken);
        var array = JsonNode.Parse(json)!.AsArray();
        foreach (var action in array.OfType<JsonObject>())
        {
            if (action["guid"]?.GetValue<string>() is { } guid && bundles.TryGetValue(guid, out var bundle))
            {
                action["bundle_guid"] = bundle;
            }
        }

        return array;
    }

    /// <summary>
    /// Validates and stores a whole editor array as the next version. Nothing is stored when the document has an
    /// error, when it equals the current version, or when <paramref name="ifMatch"/> is stale.
    /// </summary>
    public async Task<SaveOutcome> SaveAsync(
        long sharedSpaceId, ReadOnlyMemory<byte> utf8, int? ifMatch, long? userId, string source, string? comment, int? restoredFrom,
        CancellationToken cancellationToken)
    {
        var policy = (await siteParameters.GetAsync(cancellationToken)).ToActionPolicy();
        var parsed = ActionConfigParser.Parse(utf8.Span, ConfigFormat.Editor, policy);
        if (parsed.HasErrors)
        {
            return new SaveOutcome(SaveStatus.Invalid, 0, "[]", 0, parsed.Diagnostics);
        }

        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (db.Database.IsPostgres())
            {
                // Writers of one space queue here instead of racing; the unique index still guards the number.
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({WriteLockClass}, {(int)sharedSpaceId})", cancellationToken);
            }

            var (current, currentJson) = await LatestAsync(db, sharedSpaceId, cancellationToken);
            if (ifMatch is { } expected && expected != current)
            {
                return new SaveOutcome(SaveStatus.Conflict, current, currentJson, 0, parsed.Diagnostics);
            }

            var identities = await db.ActionIdentities.Where(i => i.SharedSpaceId == sharedSpaceId).ToListAsync(cancellationToken);
            var json = WithIdentities(parsed.Actions, currentJson, identities, sharedSpaceId, db);
            if (json == currentJson)
            {
                return new SaveOutcome(SaveStatus.Unchanged, current, currentJson, parsed.Actions.Length, parsed.Diagnostics);
            }

            var next = current + 1;
            db.ActionConfigVersions.Add(new ActionConfigVersion
            {
                SharedSpaceId = sharedSpaceId,
                Version = next,
                Json = json,
                ActionCount = parsed.Actions.Length,
                AuthorUserId = userId,
                CreatedAt = time.GetUtcNow(),
                Source = source,
                Comment = string.IsNullOrEmpty(comment) ? null : comment,
                RestoredFrom = restoredFrom,
            });
            var details = JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["version"] = next,
                ["source"] = source,
                ["action_count"] = parsed.Actions.Length,
                ["restored_from"] = restoredFrom,
            });
            AuditLog.Add(db, time, userId, "external_actions.save", $"external_actions/{next.ToString(CultureInfo.InvariantCulture)}", sharedSpaceId, details: details);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException) when (!cancellationToken.IsCancellationRequested)
            {
                // Another writer took this number (or a new guid) first.
                if (ifMatch is not null || attempt >= MaxAttempts)
                {
                    await using var fresh = await dbFactory.CreateDbContextAsync(cancellationToken);
                    var (winner, winnerJson) = await LatestAsync(fresh, sharedSpaceId, cancellationToken);
                    return new SaveOutcome(SaveStatus.Conflict, winner, winnerJson, 0, parsed.Diagnostics);
                }

                continue;
            }

            await catalog.PublishAsync(db, sharedSpaceId, next, json, cancellationToken);
            metrics.ConfigurationSaved(source);
            return new SaveOutcome(SaveStatus.Saved, next, json, parsed.Actions.Length, parsed.Diagnostics);
        }
    }

    /// <summary>
    /// Stores an older version's JSON again as the next version (source <c>restore</c>), re-validated with today's
    /// policy; <see langword="null"/> when the version does not exist.
    /// </summary>
    public async Task<SaveOutcome?> RestoreAsync(long sharedSpaceId, int version, int? ifMatch, long? userId, CancellationToken cancellationToken)
    {
        ActionConfigVersion? row;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            row = await FindAsync(db, sharedSpaceId, version, cancellationToken);
        }

        return row is null
            ? null
            : await SaveAsync(sharedSpaceId, Encoding.UTF8.GetBytes(row.Json), ifMatch, userId, ConfigSources.Restore, comment: null, version, cancellationToken);
    }

    /// <summary>
    /// Adds a bundle's action to <paramref name="db"/>'s open transaction as the next version (source
    /// <c>bundle</c>) without saving: a new action, or the definition of <paramref name="replacingActionGuid"/>
    /// replaced with its guid kept. The whole resulting array is validated with the current policy.
    /// </summary>
    public async Task<BundleActionResult> StageBundleActionAsync(
        TrellisDbContext db, long sharedSpaceId, string rawActionJson, string bundleGuid, long userId, string? replacingActionGuid,
        CancellationToken cancellationToken)
    {
        if (db.Database.IsPostgres())
        {
            // The same queue as SaveAsync, held until the upload's transaction ends.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({WriteLockClass}, {(int)sharedSpaceId})", cancellationToken);
        }

        var (current, currentJson) = await LatestAsync(db, sharedSpaceId, cancellationToken);
        var array = JsonNode.Parse(currentJson)!.AsArray();
        var incoming = JsonNode.Parse(rawActionJson)!.AsObject();
        var name = incoming["name"]?.GetValue<string>() ?? "";
        var index = replacingActionGuid is null ? -1 : IndexOf(array, a => a["guid"]?.GetValue<string>() == replacingActionGuid);
        if (replacingActionGuid is null && IndexOf(array, a => string.Equals(a["name"]?.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase)) is >= 0 and var taken)
        {
            var existing = array[taken]!.AsObject();
            return new BundleActionResult(BundleActionOutcome.Duplicate, new BundleActionStored(existing["guid"]?.GetValue<string>() ?? "", existing["name"]!.GetValue<string>(), existing), []);
        }

        // The guid decides which action is replaced; a guid the bundle carries never steals another action's.
        incoming.Remove("guid");
        incoming.Remove("bundle_guid");
        if (replacingActionGuid is not null)
        {
            // Kept even when the action was since removed from the configuration: its identity outlives it.
            incoming["guid"] = replacingActionGuid;
        }

        if (index >= 0)
        {
            array[index] = incoming;
        }
        else
        {
            array.Add(incoming);
            index = array.Count - 1;
        }

        var policy = (await siteParameters.GetAsync(cancellationToken)).ToActionPolicy();
        var parsed = ActionConfigParser.Parse(Encoding.UTF8.GetBytes(array.ToJsonString()), ConfigFormat.Editor, policy);
        if (parsed.HasErrors)
        {
            return new BundleActionResult(BundleActionOutcome.Invalid, null, parsed.Diagnostics);
        }

        var identities = await db.ActionIdentities.Where(i => i.SharedSpaceId == sharedSpaceId).ToListAsync(cancellationToken);
        var staged = JsonNode.Parse(WithIdentities(parsed.Actions, currentJson, identities, sharedSpaceId, db))!.AsArray();
        var stored = staged[index]!.AsObject();
        var guid = stored["guid"]!.GetValue<string>();
        stored["bundle_guid"] = bundleGuid;
        (identities.Find(i => i.Guid == guid) ?? db.ActionIdentities.Local.First(i => i.SharedSpaceId == sharedSpaceId && i.Guid == guid)).BundleGuid = bundleGuid;
        var json = staged.ToJsonString();
        var outcome = replacingActionGuid is null ? BundleActionOutcome.Created : BundleActionOutcome.Replaced;
        var result = new BundleActionResult(outcome, new BundleActionStored(guid, stored["name"]!.GetValue<string>(), stored.DeepClone().AsObject()), parsed.Diagnostics);
        if (json == currentJson)
        {
            return result;
        }

        var next = current + 1;
        db.ActionConfigVersions.Add(new ActionConfigVersion
        {
            SharedSpaceId = sharedSpaceId,
            Version = next,
            Json = json,
            ActionCount = parsed.Actions.Length,
            AuthorUserId = userId,
            CreatedAt = time.GetUtcNow(),
            Source = ConfigSources.Bundle,
        });
        var details = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["version"] = next,
            ["source"] = ConfigSources.Bundle,
            ["action_count"] = parsed.Actions.Length,
            ["bundle_guid"] = bundleGuid,
        });
        AuditLog.Add(db, time, userId, "external_actions.save", $"external_actions/{next.ToString(CultureInfo.InvariantCulture)}", sharedSpaceId, details: details);

        // The caller commits, so the catalog only learns the number now: lookups read the database until a catalog
        // of that version is loaded (after the commit), and on PostgreSQL the notification is sent only on commit.
        catalog.Announced(sharedSpaceId, next);
        metrics.ConfigurationSaved(ConfigSources.Bundle);
        if (db.Database.IsPostgres())
        {
            var payload = string.Create(CultureInfo.InvariantCulture, $"{sharedSpaceId}:{next}");
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({LiveCatalog.Channel}, {payload})", cancellationToken);
        }

        return result;
    }

    private static int IndexOf(JsonArray array, Func<JsonObject, bool> match)
    {
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonObject action && match(action))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The array to store: each action's JSON as written, with <c>guid</c> (kept from the input when it carries one,
    /// else from the current action of the same name, else new) and <c>bundle_guid</c>. New identities are added to
    /// <paramref name="db"/>; renamed ones are updated.
    /// </summary>
    private string WithIdentities(ImmutableArray<ActionDefinition> actions, string currentJson, List<ActionIdentity> identities, long sharedSpaceId, TrellisDbContext db)
    {
        var byGuid = identities.ToDictionary(i => i.Guid, StringComparer.Ordinal);
        var currentByName = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var action in JsonNode.Parse(currentJson)!.AsArray().OfType<JsonObject>())
        {
            if (action["name"]?.GetValue<string>() is { } name && action["guid"]?.GetValue<string>() is { } guid)
            {
                currentByName.TryAdd(name, guid);
            }
        }

        var taken = new HashSet<string>(StringComparer.Ordinal);
        var output = new StringBuilder("[");
        foreach (var action in actions)
        {
            var guid = InputGuid(action.Guid, taken)
                ?? (currentByName.TryGetValue(action.Name, out var kept) && !taken.Contains(kept) ? kept : null)
                ?? Guid.NewGuid().ToString("D");
            taken.Add(guid);
            if (!byGuid.TryGetValue(guid, out var identity))
            {
                identity = new ActionIdentity { SharedSpaceId = sharedSpaceId, Guid = guid, Name = action.Name, CreatedAt = time.GetUtcNow() };
                byGuid[guid] = identity;
                db.ActionIdentities.Add(identity);
            }
            else if (identity.Name != action.Name)
            {
                identity.Name = action.Name;
            }

            var node = JsonNode.Parse(action.RawJson)!.AsObject();
            node["guid"] = guid;
            node["bundle_guid"] = identity.BundleGuid;
            if (output.Length > 1)
            {
                output.Append(',');
            }

            output.Append(node.ToJsonString());
        }

        return output.Append(']').ToString();
    }

    // A guid the input carries is kept when it is a well-formed guid not already used earlier in the same input.
    private static string? InputGuid(string? input, HashSet<string> taken) =>
        input is not null && Guid.TryParse(input, out var parsed) && parsed.ToString("D") is var text && !taken.Contains(text) ? text : null;
}
