using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Trellis.Actions.Bundles;
using Trellis.Data;

namespace Trellis.Server.Features.ExternalActions.Bundles;

/// <summary>Bundle upload, replacement, listing and deletion (docs/reference/bundles.md#endpoints), and serving (docs/reference/bundles.md#serving).</summary>
internal static class BundlesApi
{
    private const string ActionsPath = "/api/shared_spaces/{sharedSpaceId:long}/external-entity-actions";

    public static IEndpointRouteBuilder MapBundles(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup(ActionsPath).WithOctaneErrors().RequireAuthorization().WithTags("Bundles");
        // Space admins manage bundles (docs/security.md); members of the space open their files.
        api.MapPost("/bundle", CreateAsync).WithName("UploadBundle").RequireSpace(SpaceTier.Admin);
        api.MapPut("/{name}/bundle", ReplaceForActionAsync).WithName("UploadActionBundle").RequireSpace(SpaceTier.Admin);
        api.MapGet("/bundles", ListAsync).WithName("ListBundles").WithTrellisApi().RequireSpace(SpaceTier.Admin);
        api.MapPut("/bundles/{guid}", ReplaceAsync).WithName("ReplaceBundle").WithTrellisApi().RequireSpace(SpaceTier.Admin);
        api.MapDelete("/bundles/{guid}", DeleteAsync).WithName("DeleteBundle").WithTrellisApi().RequireSpace(SpaceTier.Admin);
        api.MapGet("/bundle/{**path}", BundleFileServer.ServeAsync).WithName("BundleFile").RequireSpace(SpaceTier.Member);

        // Public so bundle pages hosted anywhere can use Octane's look (docs/reference/bundles.md#serving, docs/reference/rest.md#cors).
        routes.MapGet(OctaneStyleSheet.Path, OctaneStyleSheet.Serve).AllowAnonymous().WithName("OctaneStyleSheet").WithTags("Bundles");
        // Public for the same reason: the app SDK a bundle page imports (docs/app-sdk.md#getting-it).
        routes.MapGet(AppSdkFiles.ModulePath, AppSdkFiles.Module.Serve).AllowAnonymous().WithName(AppSdkFiles.ModuleEndpoint).WithTags("Bundles");
        routes.MapGet(AppSdkFiles.TypesPath, AppSdkFiles.Types.Serve).AllowAnonymous().WithName(AppSdkFiles.TypesEndpoint).WithTags("Bundles");
        return routes;
    }

    private static async Task<IResult> CreateAsync(
        long sharedSpaceId, HttpContext http, [FromServices] BundleUploader uploader, [FromServices] SiteParameterStore parameters, [FromServices] TrellisDbContext db,
        CancellationToken cancellationToken)
    {
        var (read, refusal) = await PrepareUploadAsync(sharedSpaceId, http, parameters, db, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var policy = (await parameters.GetAsync(cancellationToken)).ToActionPolicy();
        return Answer(sharedSpaceId, await uploader.SaveAsync(sharedSpaceId, read!.Archive!, new BundleUploadTarget(null, null), CurrentUser.From(http.User).Id, policy, cancellationToken), created: true);
    }

    private static async Task<IResult> ReplaceForActionAsync(
        long sharedSpaceId, string name, string? guid, HttpContext http, [FromServices] BundleUploader uploader, [FromServices] SiteParameterStore parameters,
        [FromServices] TrellisDbContext db, [FromServices] IServiceProvider services, CancellationToken cancellationToken)
    {
        if (services.GetService<IBundleActionSink>() is not { } sink)
        {
            return BundleErrors.Unavailable().ToResult();
        }

        var action = await sink.FindByNameAsync(sharedSpaceId, name, cancellationToken);
        if (action is null)
        {
            return OctaneError.NotFound("external_action", name).ToResult();
        }

        if (!string.IsNullOrEmpty(guid) && !string.Equals(guid, action.Guid, StringComparison.OrdinalIgnoreCase))
        {
            return new OctaneError(StatusCodes.Status409Conflict, BundleErrors.GuidMismatch, $"The action '{action.Name}' has guid {action.Guid}, not {guid}.").ToResult();
        }

        var (read, refusal) = await PrepareUploadAsync(sharedSpaceId, http, parameters, db, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var existing = await db.Bundles.AsNoTracking().FirstOrDefaultAsync(b => b.SharedSpaceId == sharedSpaceId && b.ActionGuid == action.Guid, cancellationToken);
        var policy = (await parameters.GetAsync(cancellationToken)).ToActionPolicy();
        return Answer(sharedSpaceId, await uploader.SaveAsync(sharedSpaceId, read!.Archive!, new BundleUploadTarget(existing, action), CurrentUser.From(http.User).Id, policy, cancellationToken), created: false);
    }

    private static async Task<IResult> ReplaceAsync(
        long sharedSpaceId, string guid, HttpContext http, [FromServices] BundleUploader uploader, [FromServices] SiteParameterStore parameters,
        [FromServices] TrellisDbContext db, CancellationToken cancellationToken)
    {
        var existing = await db.Bundles.AsNoTracking().FirstOrDefaultAsync(b => b.SharedSpaceId == sharedSpaceId && b.Guid == guid.ToLowerInvariant(), cancellationToken);
        if (existing is null)
        {
            return OctaneError.NotFound("bundle", guid).ToResult();
        }

        var (read, refusal) = await PrepareUploadAsync(sharedSpaceId, http, parameters, db, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        var action = existing.ActionGuid is null ? null : new BundleActionInfo(existing.ActionGuid, existing.ActionName ?? "");
        var policy = (await parameters.GetAsync(cancellationToken)).ToActionPolicy();
        return Answer(sharedSpaceId, await uploader.SaveAsync(sharedSpaceId, read!.Archive!, new BundleUploadTarget(existing, action), CurrentUser.From(http.User).Id, policy, cancellationToken), created: false);
    }

    private static async Task<IResult> ListAsync(long sharedSpaceId, HttpContext http, [FromServices] TrellisDbContext db, CancellationToken cancellationToken)
    {
        var bundles = await db.Bundles.AsNoTracking().Where(b => b.SharedSpaceId == sharedSpaceId).OrderBy(b => b.Id).ToListAsync(cancellationToken);
        var data = bundles.Select(b => new BundleListItem(
            b.Guid, b.ActionName, b.Entries.Length == 0 ? [] : b.Entries.Split('\n'), b.FileCount, b.UncompressedSize,
            b.UploadedByUserId.ToString(CultureInfo.InvariantCulture), IsoTime.Format(b.UploadedAt))).ToList();
        return TypedResults.Ok(new BundlePage(data.Count, data));
    }

    private static async Task<IResult> DeleteAsync(
        long sharedSpaceId, string guid, HttpContext http, [FromServices] TrellisDbContext db, [FromServices] TimeProvider time, [FromServices] BundleFileCache files,
        CancellationToken cancellationToken)
    {
        return await BundleUploader.DeleteAsync(db, time, files, sharedSpaceId, guid, CurrentUser.From(http.User).Id, cancellationToken)
            ? TypedResults.NoContent()
            : OctaneError.NotFound("bundle", guid).ToResult();
    }

    // A new bundle is 201 with its address, a replaced one 200; a refusal is Octane's error with its list of reasons.
    private static IResult Answer(long sharedSpaceId, BundleSaveResult result, bool created) => result.Saved is { } saved
        ? created
            ? TypedResults.Created($"/api/shared_spaces/{sharedSpaceId.ToString(CultureInfo.InvariantCulture)}/external-entity-actions/bundles/{saved.Guid}", saved)
            : TypedResults.Ok(saved)
        : result.Refusal!.ToResult();

    /// <summary>The checks every upload shares after the role: gate, body size and the archive rules; nothing is changed yet.</summary>
    private static async Task<(BundleReadResult? Read, IResult? Refusal)> PrepareUploadAsync(
        long sharedSpaceId, HttpContext http, SiteParameterStore parameters, TrellisDbContext db, CancellationToken cancellationToken)
    {
        if (await BundleUploader.RefuseSpaceAsync(sharedSpaceId, parameters, db, cancellationToken) is { } refused)
        {
            return (null, refused.ToResult());
        }

        var body = await BundleUploadBody.ReadAsync(http.Request, cancellationToken);
        if (body.Refusal is not null)
        {
            return (null, BundleErrors.Rejected(body.Refusal).ToResult());
        }

        var read = BundleArchiveReader.Read(body.Zip);
        return read.IsAccepted ? (read, null) : (null, BundleErrors.Rejected(read).ToResult());
    }
}
