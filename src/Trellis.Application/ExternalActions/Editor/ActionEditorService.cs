using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Trellis.Actions.Bundles;
using Trellis.Actions.Configuration;
using Trellis.Actions.EntityTypes;
using Trellis.Actions.Launch;
using Trellis.Application.Errors;
using Trellis.Application.ExternalActions.Bundles;
using Trellis.Application.SiteParameters;
using Trellis.Data;

namespace Trellis.Application.ExternalActions.Editor;

/// <summary>One stored configuration version as the history lists it.</summary>
internal sealed record HistoryEntry(int Version, string? Author, DateTimeOffset Time, string Source, string? Comment, int? RestoredFrom, int ActionCount);

/// <summary>One stored bundle as the editor lists it.</summary>
internal sealed record BundleRow(string Guid, string Name, int FileCount, long Size, DateTimeOffset UploadedAt);

/// <summary>What an upload from the editor did: stored (with warnings) or refused, with each reason on its own line.</summary>
internal sealed record BundleUploadReport(bool Saved, string Message, ImmutableArray<string> Details);

/// <summary>An entity the preview can pick.</summary>
internal sealed record EntityChoice(long Id, string Type, string Name)
{
    public override string ToString() => $"{Id.ToString(CultureInfo.InvariantCulture)} · {Type} · {Name}";
}

/// <summary>The editor's configuration text at one version.</summary>
internal sealed record LoadedConfiguration(int Version, string Text);

/// <summary>
/// The External Action Editor's server side. Every write goes through the code the REST API uses: the configuration
/// store (validation, audit, If-Match), the bundle uploader and the launch planner, so the editor and the API never
/// disagree.
/// </summary>
internal sealed class ActionEditorService(
    IDbContextFactory<TrellisDbContext> dbFactory,
    IServiceScopeFactory scopes,
    ActionConfigurationStore store,
    SiteParameterStore siteParameters,
    BundleFileCache bundleFiles,
    TimeProvider time)
{
    /// <summary>The most entities a preview search lists.</summary>
    public const int MaxSearchResults = 20;

    // Pretty printing keeps URL templates readable: braces and ampersands stay literal.
    private static readonly JsonSerializerOptions s_pretty = new() { WriteIndented = true, IndentSize = 2, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The demo configuration, as the sample file is written.</summary>
    public static string DemoText => Encoding.UTF8.GetString(DemoActions.Read()).TrimStart('\uFEFF');

    /// <summary>The JSON Schema Monaco validates and completes against.</summary>
    public static string SchemaText => ActionConfigSchema.Text;

    /// <summary>The current version and its array (with each action's current bundle), pretty-printed, as <c>GET</c> answers it.</summary>
    public async Task<LoadedConfiguration> LoadAsync(long sharedSpaceId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (version, json) = await ActionConfigurationStore.LatestAsync(db, sharedSpaceId, cancellationToken);
        return new(version, await PrettyAsync(db, sharedSpaceId, json, cancellationToken));
    }

    /// <summary>Validates editor text with the parser and the site policy the save will use.</summary>
    public async Task<ParseResult> ValidateAsync(string text, CancellationToken cancellationToken)
    {
        var policy = (await siteParameters.GetAsync(cancellationToken)).ToActionPolicy();
        return ActionConfigParser.Parse(Encoding.UTF8.GetBytes(text), ConfigFormat.Editor, policy);
    }

    /// <summary>Stores the text as the next version when <paramref name="ifMatch"/> is still current (the PUT rule).</summary>
    public async Task<(SaveOutcome Outcome, string? Text)> SaveAsync(long sharedSpaceId, string text, int ifMatch, long userId, string? comment, CancellationToken cancellationToken)
    {
        var trimmed = comment is { Length: > ActionConfigurationStore.MaxCommentLength } ? comment[..ActionConfigurationStore.MaxCommentLength] : comment;
        var outcome = await store.SaveAsync(sharedSpaceId, Encoding.UTF8.GetBytes(text), ifMatch, userId, ConfigSources.Editor, trimmed, restoredFrom: null, cancellationToken);
        return (outcome, await StoredTextAsync(sharedSpaceId, outcome, cancellationToken));
    }

    /// <summary>Restores an older version through the REST API's restore; <see langword="null"/> when it does not exist.</summary>
    public async Task<(SaveOutcome Outcome, string? Text)?> RestoreAsync(long sharedSpaceId, int version, int ifMatch, long userId, CancellationToken cancellationToken)
    {
        var outcome = await store.RestoreAsync(sharedSpaceId, version, ifMatch, userId, cancellationToken);
        return outcome is null ? null : (outcome, await StoredTextAsync(sharedSpaceId, outcome, cancellationToken));
    }

    /// <summary>The versions of the space, newest first.</summary>
    public async Task<ImmutableArray<HistoryEntry>> HistoryAsync(long sharedSpaceId, int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ActionConfigVersions.AsNoTracking().Where(v => v.SharedSpaceId == sharedSpaceId).OrderByDescending(v => v.Version).Take(limit)
            .Select(v => new { v.Version, v.AuthorUserId, v.CreatedAt, v.Source, v.Comment, v.RestoredFrom, v.ActionCount }).ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.AuthorUserId).OfType<long>().Distinct().ToList();
        var logins = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Login, cancellationToken);
        return [.. rows.Select(r => new HistoryEntry(
            r.Version, r.AuthorUserId is { } id && logins.TryGetValue(id, out var login) ? login : null, r.CreatedAt, r.Source, r.Comment, r.RestoredFrom, r.ActionCount))];
    }

    /// <summary>One version's array, pretty-printed, or <see langword="null"/>.</summary>
    public async Task<string?> VersionTextAsync(long sharedSpaceId, int version, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await ActionConfigurationStore.FindAsync(db, sharedSpaceId, version, cancellationToken);
        return row is null ? null : JsonNode.Parse(row.Json)!.ToJsonString(s_pretty);
    }

    /// <summary>The space's bundles in upload order.</summary>
    public async Task<ImmutableArray<BundleRow>> BundlesAsync(long sharedSpaceId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Bundles.AsNoTracking().Where(b => b.SharedSpaceId == sharedSpaceId).OrderBy(b => b.Id)
            .Select(b => new { b.Guid, b.ActionName, b.Entries, b.FileCount, b.UncompressedSize, b.UploadedAt }).ToListAsync(cancellationToken);
        return [.. rows.Select(b => new BundleRow(b.Guid, b.ActionName ?? b.Entries.Replace('\n', ' '), b.FileCount, b.UncompressedSize, b.UploadedAt))];
    }

    /// <summary>Uploads a new bundle with the REST endpoint's checks and uploader, and says what happened.</summary>
    public async Task<BundleUploadReport> UploadBundleAsync(long sharedSpaceId, ReadOnlyMemory<byte> zip, long userId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrellisDbContext>();
        if (await BundleUploader.RefuseSpaceAsync(sharedSpaceId, siteParameters, db, cancellationToken) is { } refused)
        {
            return Refusal(refused);
        }

        var read = zip.Length > BundleLimits.MaxCompressedBytes ? TooLargeRead("") : BundleArchiveReader.Read(zip);
        if (!read.IsAccepted)
        {
            return Refusal(BundleErrors.Rejected(read));
        }

        var policy = (await siteParameters.GetAsync(cancellationToken)).ToActionPolicy();
        var uploader = scope.ServiceProvider.GetRequiredService<BundleUploader>();
        var result = await uploader.SaveAsync(sharedSpaceId, read.Archive!, new BundleUploadTarget(null, null), userId, policy, cancellationToken);
        return result.Saved is { } saved
            ? new BundleUploadReport(
                true,
                $"Stored bundle {saved.Guid} ({saved.FileCount.ToString(CultureInfo.InvariantCulture)} files{(saved.Action?["name"] is { } name ? $", action '{name}'" : "")}).",
                [.. saved.Diagnostics.OfType<JsonObject>().Select(DiagnosticLine)])
            : Refusal(result.Refusal!);
    }

    /// <summary>The refusal of a file over the upload limit, without reading it.</summary>
    public static BundleUploadReport TooLarge(string fileName) => Refusal(BundleErrors.Rejected(TooLargeRead(fileName)));

    private static BundleReadResult TooLargeRead(string fileName) =>
        BundleReadResult.Reject([new(fileName, BundleReasonCodes.TooLarge, "The upload is larger than 20 MiB.")], tooLarge: true);

    /// <summary>Deletes a bundle as <c>DELETE …/bundles/{guid}</c> does; <see langword="false"/> when it was already gone.</summary>
    public async Task<bool> DeleteBundleAsync(long sharedSpaceId, string guid, long userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await BundleUploader.DeleteAsync(db, time, bundleFiles, sharedSpaceId, guid, userId, cancellationToken);
    }

    /// <summary>The workspaces of the space, for the preview.</summary>
    public async Task<ImmutableArray<(long Id, string Name)>> WorkspacesAsync(long sharedSpaceId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Workspaces.AsNoTracking().Where(w => w.SharedSpaceId == sharedSpaceId).OrderBy(w => w.Id).Select(w => new { w.Id, w.Name }).ToListAsync(cancellationToken);
        return [.. rows.Select(w => (w.Id, w.Name))];
    }

    /// <summary>Entities of a workspace whose id is <paramref name="text"/> or whose name contains it (any case).</summary>
    public async Task<ImmutableArray<EntityChoice>> SearchEntitiesAsync(long workspaceId, string? text, CancellationToken cancellationToken)
    {
        var types = EntityTypeTree.Default.All.Where(t => !t.IsAggregate && !EntityTypeTree.Default.IsRestOnly(t.Name)).Select(t => t.Name).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Entities.AsNoTracking().Where(e => e.WorkspaceId == workspaceId && types.Contains(e.Subtype ?? e.Type));
        var term = (text ?? "").Trim();
        if (term.Length > 0)
        {
            var pattern = "%" + term.ToLowerInvariant().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = long.TryParse(term, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? query.Where(e => e.Id == id || EF.Functions.Like(e.Name!.ToLower(), pattern, "\\"))
                : query.Where(e => EF.Functions.Like(e.Name!.ToLower(), pattern, "\\"));
        }

        var rows = await query.OrderBy(e => e.Id).Take(MaxSearchResults).Select(e => new { e.Id, Type = e.Subtype ?? e.Type, e.Name }).ToListAsync(cancellationToken);
        return [.. rows.Select(r => new EntityChoice(r.Id, r.Type, r.Name ?? ""))];
    }

    /// <summary>
    /// Plans <paramref name="action"/> for one entity through <see cref="LaunchPlanner"/>, as a launch from that
    /// entity's details page (or its home module's grid with it selected) would. No identity token is minted.
    /// </summary>
    public async Task<LaunchPlan?> PreviewAsync(
        long sharedSpaceId, long workspaceId, ActionDefinition action, EntityChoice entity, ActionViews view, string octaneUrl, string userLogin,
        CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrellisDbContext>();
        var (entities, missing) = await scope.ServiceProvider.GetRequiredService<LaunchService>().SelectedEntitiesAsync(
            db, workspaceId, action, [entity.Id.ToString(CultureInfo.InvariantCulture)], cancellationToken);
        if (missing is not null)
        {
            return null;
        }

        var tree = EntityTypeTree.Default;
        var home = tree.TryGet(entity.Type, out var type) ? type.HomeModule : null;
        var email = await db.Users.AsNoTracking().Where(u => u.Login == userLogin).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken);
        var context = new LaunchContext
        {
            OctaneUrl = octaneUrl,
            SharedSpace = sharedSpaceId,
            Workspace = workspaceId,
            UserLogin = userLogin,
            UserEmail = email,
            View = view,
            // A grid shows the aggregate (work items in the backlog); a details page shows the concrete type.
            Module = view == ActionViews.List ? home : null,
            EntityType = view == ActionViews.List ? tree.AggregateOf(entity.Type) : entity.Type,
            Entities = entities,
        };
        var policy = (await siteParameters.GetAsync(cancellationToken)).ToActionPolicy();
        return LaunchPlanner.Plan(action, context, policy, tree);
    }

    private async Task<string?> StoredTextAsync(long sharedSpaceId, SaveOutcome outcome, CancellationToken cancellationToken)
    {
        if (outcome.Status is not (SaveStatus.Saved or SaveStatus.Unchanged or SaveStatus.Conflict))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await PrettyAsync(db, sharedSpaceId, outcome.Json, cancellationToken);
    }

    private static async Task<string> PrettyAsync(TrellisDbContext db, long sharedSpaceId, string json, CancellationToken cancellationToken) =>
        (await ActionConfigurationStore.WithCurrentBundlesAsync(db, sharedSpaceId, json, cancellationToken)).ToJsonString(s_pretty);

    private static BundleUploadReport Refusal(OctaneError error) =>
        new(false, error.Description, error.List is { } list ? [.. list.Items.OfType<JsonObject>().Select(Line)] : []);

    // A refused entry names the file and the limit; a diagnostic names its code and place.
    private static string Line(JsonObject item) => item.ContainsKey("entry")
        ? $"{(item["entry"]?.GetValue<string>() is { Length: > 0 } entry ? entry : "(archive)")}: {item["message"]?.GetValue<string>()} ({item["code"]?.GetValue<string>()})"
        : DiagnosticLine(item);

    private static string DiagnosticLine(JsonObject item) =>
        $"{item["code"]?.GetValue<string>()} at {item["pointer"]?.GetValue<string>()} (line {item["line"]}): {item["message"]?.GetValue<string>()}";
}
