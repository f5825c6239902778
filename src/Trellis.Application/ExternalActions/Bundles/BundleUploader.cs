using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Trellis.Actions.Bundles;
using Trellis.Actions.Configuration;
using Trellis.Actions.Diagnostics;
using Trellis.Actions.Policy;
using Trellis.Application.Audit;
using Trellis.Application.Errors;
using Trellis.Application.Operations;
using Trellis.Application.SiteParameters;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Application.ExternalActions.Bundles;

/// <summary>What an upload replaces or attaches to.</summary>
/// <param name="Existing">The bundle being replaced (its guid is kept), or <see langword="null"/> for a new one.</param>
/// <param name="Action">The action the upload is for (<c>PUT …/{name}/bundle</c>, or the replaced bundle's action).</param>
internal sealed record BundleUploadTarget(Bundle? Existing, BundleActionInfo? Action);

/// <summary>A stored bundle, or why nothing was stored.</summary>
/// <param name="Saved">What was stored.</param>
/// <param name="Refusal">Why nothing was.</param>
internal readonly record struct BundleSaveResult(BundleUploadResponse? Saved, OctaneError? Refusal)
{
    public static implicit operator BundleSaveResult(BundleUploadResponse saved) => new(saved, null);

    public static implicit operator BundleSaveResult(OctaneError refusal) => new(null, refusal);
}

/// <summary>
/// Saves an accepted archive in one transaction: ownership and quota checks, content-addressed blobs, the files
/// and entries, and the action through <see cref="IBundleActionSink"/>. Readers see the old bundle or the new one.
/// </summary>
internal sealed class BundleUploader(TrellisDbContext db, TimeProvider time, BundleFileCache files, IServiceProvider services)
{
    public async Task<BundleSaveResult> SaveAsync(
        long sharedSpaceId, BundleArchive archive, BundleUploadTarget target, long userId, ActionPolicy policy, CancellationToken cancellationToken)
    {
        string? rawAction = null;
        var warnings = ImmutableArray<Diagnostic>.Empty;
        if (archive.Configuration is { } configuration)
        {
            var parsed = ActionConfigParser.Parse(configuration, ConfigFormat.Bundle, policy);
            if (parsed.HasErrors)
            {
                return BundleErrors.InvalidConfig(parsed.Diagnostics);
            }

            var name = parsed.Actions[0].Name;
            if (target.Action is { } action && !string.Equals(action.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return BundleErrors.InvalidConfig([new Diagnostic(DiagnosticSeverity.Error, DiagnosticCodes.NameInvalid,
                    $"The configuration names '{name}', but this upload replaces the bundle of '{action.Name}'.", "/name", 1, 1)]);
            }

            rawAction = Encoding.UTF8.GetString(configuration.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]) ? configuration.AsSpan(3) : configuration);
            warnings = parsed.Diagnostics;
        }

        var sink = services.GetService<IBundleActionSink>();
        if (rawAction is not null && sink is null)
        {
            return BundleErrors.Unavailable();
        }

        var existingId = target.Existing?.Id ?? 0;
        var guid = target.Existing?.Guid ?? Guid.NewGuid().ToString("D");
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);

        var names = archive.Entries.ToList();
        var owned = await db.BundleEntries.AsNoTracking()
            .Where(e => e.SharedSpaceId == sharedSpaceId && e.BundleId != existingId && names.Contains(e.Name))
            .Join(db.Bundles, e => e.BundleId, b => b.Id, (e, b) => new { e.Name, b.Guid, b.ActionName })
            .OrderBy(e => e.Name).FirstOrDefaultAsync(cancellationToken);
        if (owned is not null)
        {
            return BundleErrors.Owned(owned.Name, owned.Guid, owned.ActionName);
        }

        var others = db.Bundles.Where(b => b.SharedSpaceId == sharedSpaceId && b.Id != existingId);
        var count = await others.CountAsync(cancellationToken);
        var bytes = await others.SumAsync(b => (long?)b.UncompressedSize, cancellationToken) ?? 0;
        if (count + 1 > BundleLimits.MaxBundlesPerSpace)
        {
            return BundleErrors.Quota($"The shared space already has {count} bundles; at most {BundleLimits.MaxBundlesPerSpace} are allowed.");
        }

        if (bytes + archive.UncompressedSize > BundleLimits.MaxBytesPerSpace)
        {
            return BundleErrors.Quota("The shared space's bundles would exceed 1 GiB.");
        }

        var actionGuid = target.Existing?.ActionGuid ?? target.Action?.Guid;
        var actionName = target.Existing?.ActionName ?? target.Action?.Name;
        JsonObject? actionJson = null;
        if (rawAction is not null)
        {
            var result = await sink!.UpsertFromBundleAsync(sharedSpaceId, rawAction, guid, userId, db, target.Action?.Guid, cancellationToken);
            switch (result.Outcome)
            {
                case BundleActionOutcome.Duplicate:
                    return BundleErrors.Duplicate(result.Action?.Name ?? ReadName(rawAction));
                case BundleActionOutcome.Invalid:
                    return BundleErrors.InvalidConfig(result.Diagnostics);
            }

            (actionGuid, actionName, actionJson) = (result.Action!.Guid, result.Action.Name, result.Action.Json);
            warnings = [.. warnings, .. result.Diagnostics.Where(d => !warnings.Contains(d))];
        }

        var bundle = target.Existing is null ? new Bundle { Guid = guid, Entries = "" } : await db.Bundles.SingleAsync(b => b.Id == existingId, cancellationToken);
        if (target.Existing is not null)
        {
            // The swap: the old rows go and the new ones come in the same transaction.
            await db.BundleFiles.Where(f => f.BundleId == existingId).ExecuteDeleteAsync(cancellationToken);
            await db.BundleEntries.Where(e => e.BundleId == existingId).ExecuteDeleteAsync(cancellationToken);
        }
        else
        {
            db.Bundles.Add(bundle);
        }

        bundle.SharedSpaceId = sharedSpaceId;
        bundle.ActionGuid = actionGuid;
        bundle.ActionName = actionName;
        bundle.Entries = string.Join('\n', archive.Entries);
        bundle.FileCount = archive.Files.Length;
        bundle.UncompressedSize = archive.UncompressedSize;
        bundle.UploadedByUserId = userId;
        bundle.UploadedAt = time.GetUtcNow();
        await AddBlobsAsync(archive, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);

        foreach (var file in archive.Files)
        {
            db.BundleFiles.Add(new BundleFile
            {
                BundleId = bundle.Id,
                SharedSpaceId = sharedSpaceId,
                Path = file.Path,
                Sha256 = Sha256(file.Content),
                ContentType = BundleContentTypes.For(file.Path),
                Size = file.Content.LongLength,
            });
        }

        foreach (var entry in archive.Entries)
        {
            db.BundleEntries.Add(new BundleEntry { BundleId = bundle.Id, SharedSpaceId = sharedSpaceId, Name = entry });
        }

        AuditLog.Add(db, time, userId, target.Existing is null ? "bundle.create" : "bundle.replace", $"bundle/{guid}", sharedSpaceId,
            details: new JsonObject { ["action"] = actionName, ["files"] = archive.Files.Length, ["bytes"] = archive.UncompressedSize }.ToJsonString());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await DeleteOrphanBlobsAsync(db, cancellationToken);
            await files.AnnounceAsync(db, sharedSpaceId, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The unique (space, entry) and (space, path) keys caught a concurrent upload between the check and the save.
            return new OctaneError(StatusCodes.Status409Conflict, BundleErrors.EntryOwned, "Another upload changed these entries at the same time; nothing was saved. Try again.");
        }

        // Only a replacement can make held paths stale, but a new bundle may own a path that was held as missing elsewhere.
        files.Evict(sharedSpaceId);
        services.GetRequiredService<TrellisMetrics>().BundleStored();
        var response = new BundleUploadResponse(guid, actionJson, archive.Entries, archive.Files.Length, archive.UncompressedSize, BundleErrors.ToJson(warnings));
        return response;
    }

    /// <summary>Removes blobs no file refers to any more; run inside the transaction that dropped the references.</summary>
    public static Task<int> DeleteOrphanBlobsAsync(TrellisDbContext db, CancellationToken cancellationToken) =>
        db.BundleBlobs.Where(b => !db.BundleFiles.Any(f => f.Sha256 == b.Sha256)).ExecuteDeleteAsync(cancellationToken);

    private async Task AddBlobsAsync(BundleArchive archive, CancellationToken cancellationToken)
    {
        var byHash = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var file in archive.Files)
        {
            byHash.TryAdd(Sha256(file.Content), file.Content);
        }

        var hashes = byHash.Keys.ToList();
        var known = await db.BundleBlobs.Where(b => hashes.Contains(b.Sha256)).Select(b => b.Sha256).ToListAsync(cancellationToken);
        foreach (var (hash, content) in byHash.Where(p => !known.Contains(p.Key)))
        {
            db.BundleBlobs.Add(new BundleBlob { Sha256 = hash, Size = content.LongLength, Content = content });
        }
    }

    private static string ReadName(string rawAction) =>
        JsonNode.Parse(rawAction)?["name"]?.GetValue<string>() ?? "";

    internal static string Sha256(byte[] content) => Convert.ToHexStringLower(SHA256.HashData(content));

    /// <summary>Deletes one bundle, its files and the blobs nobody else uses, audited; <see langword="false"/> when it does not exist.</summary>
    public static async Task<bool> DeleteAsync(TrellisDbContext db, TimeProvider time, BundleFileCache files, long sharedSpaceId, string guid, long userId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var lowered = guid.ToLowerInvariant();
        var deleted = await db.Bundles.Where(b => b.SharedSpaceId == sharedSpaceId && b.Guid == lowered).ExecuteDeleteAsync(cancellationToken);
        if (deleted == 0)
        {
            return false;
        }

        await BundleUploader.DeleteOrphanBlobsAsync(db, cancellationToken);
        AuditLog.Add(db, time, userId, "bundle.delete", $"bundle/{lowered}", sharedSpaceId);
        await db.SaveChangesAsync(cancellationToken);
        await files.AnnounceAsync(db, sharedSpaceId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        files.Evict(sharedSpaceId);
        return true;
    }

    /// <summary>An unknown space, or bundles turned off by the site parameter; <see langword="null"/> when uploads may go on.</summary>
    public static async Task<OctaneError?> RefuseSpaceAsync(long sharedSpaceId, SiteParameterStore parameters, TrellisDbContext db, CancellationToken cancellationToken)
    {
        if (!await db.SharedSpaces.AnyAsync(s => s.Id == sharedSpaceId, cancellationToken))
        {
            return OctaneError.NotFound("shared_space", sharedSpaceId.ToString(CultureInfo.InvariantCulture));
        }

        return (await parameters.GetAsync(cancellationToken)).GetBoolean(SiteParameterNames.BundlesEnabled) ? null : BundleErrors.Disabled();
    }
}
