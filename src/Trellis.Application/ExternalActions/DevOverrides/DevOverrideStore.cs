using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Trellis.Actions.Launch;
using Trellis.Application.Access;
using Trellis.Application.Audit;
using Trellis.Application.Auth;
using Trellis.Application.Errors;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Application.ExternalActions.DevOverrides;

/// <summary>One active development override: whose launches of which action go where, until when.</summary>
/// <param name="ActionName">The action's name as the configuration spells it.</param>
/// <param name="BaseUrl">Where the user's launches go instead.</param>
/// <param name="CreatedAt">When it was set.</param>
/// <param name="ExpiresAt">When it stops applying.</param>
internal sealed record DevOverride(string ActionName, string BaseUrl, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

/// <summary>
/// Development overrides (docs/reference/launches.md#development-overrides): a space admin points one action at another base
/// URL for their own launches, for a while. Every set and clear is audited; launches read only their own user's override.
/// </summary>
internal sealed class DevOverrideStore(IDbContextFactory<TrellisDbContext> dbFactory, LiveCatalog catalog, TimeProvider time, IOptions<DevOverrideOptions> options)
{
    public const string SetAudit = "action_override.set";
    public const string ClearAudit = "action_override.clear";

    private readonly DevOverrideOptions _options = options.Value;

    /// <summary>Sets (or replaces) the caller's override of one action; the scope must be a space admin's (the configuration API's right).</summary>
    public async Task<(DevOverride? Override, OctaneError? Refusal)> SetAsync(SpaceScope scope, string actionName, string? url, int? expiresInMinutes, CancellationToken cancellationToken)
    {
        if (!scope.IsAdmin)
        {
            // The REST filter already refuses; the web UI and any other caller get the same answer here.
            return (null, new OctaneError(StatusCodes.Status403Forbidden, OctaneErrorCodes.Forbidden, "Only a space admin, who may edit the external actions, may override an action's URL."));
        }

        var entry = await catalog.GetAsync(scope.SharedSpaceId, cancellationToken);
        if (!entry.Catalog.TryGetByName(actionName, out var action))
        {
            return (null, ApplicableActions.UnknownAction(actionName));
        }

        if (BaseUrlOverride.WhyNot(action) is { } whyNot)
        {
            return (null, BadRequest("name: " + whyNot));
        }

        var (baseUrl, problem) = BaseUrlOverride.Normalize(url);
        if (baseUrl is null)
        {
            return (null, BadRequest(problem!));
        }

        var lifetime = _options.DefaultLifetime;
        if (expiresInMinutes is { } minutes)
        {
            if (minutes < 1 || TimeSpan.FromMinutes(minutes) > _options.MaxLifetime)
            {
                return (null, BadRequest(string.Create(CultureInfo.InvariantCulture, $"expires_in_minutes must be between 1 and {(int)_options.MaxLifetime.TotalMinutes} (Trellis:DevOverrides:MaxLifetime).")));
            }

            lifetime = TimeSpan.FromMinutes(minutes);
        }

        var now = time.GetUtcNow();
        var key = action.Name.ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        for (var attempt = 0; ; attempt++)
        {
            var row = await db.ActionUrlOverrides.SingleOrDefaultAsync(o => o.SharedSpaceId == scope.SharedSpaceId && o.UserId == scope.User.Id && o.ActionName == key, cancellationToken);
            if (row is null)
            {
                row = new ActionUrlOverride { SharedSpaceId = scope.SharedSpaceId, UserId = scope.User.Id, ActionName = key, BaseUrl = baseUrl };
                db.ActionUrlOverrides.Add(row);
            }

            (row.BaseUrl, row.CreatedAt, row.ExpiresAt) = (baseUrl, now, now + lifetime);
            AuditLog.Add(db, time, scope.User.Id, SetAudit, Target(action.Name), scope.SharedSpaceId,
                details: JsonSerializer.Serialize(new { url = baseUrl, expires_at = row.ExpiresAt }));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return (new DevOverride(action.Name, baseUrl, row.CreatedAt, row.ExpiresAt), null);
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Two sets of the same override at once: the other inserted first, so this one updates its row.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>The user's own overrides in a space that have not expired, by action name.</summary>
    public async Task<IReadOnlyList<DevOverride>> ListAsync(long sharedSpaceId, long userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.ActionUrlOverrides.AsNoTracking().Where(o => o.SharedSpaceId == sharedSpaceId && o.UserId == userId).ToListAsync(cancellationToken);
        var entry = await catalog.GetAsync(sharedSpaceId, cancellationToken);
        var now = time.GetUtcNow();
        return [.. rows.Where(o => o.ExpiresAt > now).OrderBy(o => o.ActionName, StringComparer.Ordinal).Select(o => ToOverride(o, entry))];
    }

    /// <summary>Clears the user's override of one action; <see langword="false"/> when there was none (expired ones are cleared too).</summary>
    public async Task<bool> ClearAsync(long sharedSpaceId, long userId, string actionName, CancellationToken cancellationToken)
    {
        var key = actionName.ToLowerInvariant();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.ActionUrlOverrides.SingleOrDefaultAsync(o => o.SharedSpaceId == sharedSpaceId && o.UserId == userId && o.ActionName == key, cancellationToken);
        if (row is null)
        {
            return false;
        }

        db.ActionUrlOverrides.Remove(row);
        AuditLog.Add(db, time, userId, ClearAudit, Target(actionName), sharedSpaceId, details: JsonSerializer.Serialize(new { url = row.BaseUrl }));
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// The override a launch uses: the user's own, unexpired, and only while the user is still a space admin (a lost right
    /// ends it at once). One indexed read, and none at all for anyone else.
    /// </summary>
    public async Task<DevOverride?> ActiveAsync(TrellisDbContext db, long sharedSpaceId, CurrentUser user, string actionName, CancellationToken cancellationToken)
    {
        if (!user.IsSpaceAdmin(sharedSpaceId))
        {
            return null;
        }

        var key = actionName.ToLowerInvariant();
        var row = await db.ActionUrlOverrides.AsNoTracking()
            .SingleOrDefaultAsync(o => o.SharedSpaceId == sharedSpaceId && o.UserId == user.Id && o.ActionName == key, cancellationToken);
        return row is not null && row.ExpiresAt > time.GetUtcNow() ? new DevOverride(actionName, row.BaseUrl, row.CreatedAt, row.ExpiresAt) : null;
    }

    /// <summary>The user's own overrides that launches use now: unexpired, and none unless the user is still a space admin.</summary>
    public async Task<IReadOnlyList<DevOverride>> InForceAsync(long sharedSpaceId, CurrentUser user, CancellationToken cancellationToken) =>
        user.IsSpaceAdmin(sharedSpaceId) ? await ListAsync(sharedSpaceId, user.Id, cancellationToken) : [];

    /// <summary>The origins of the user's overrides in force, which the pages they see may frame (docs/security.md).</summary>
    public async Task<IReadOnlyList<string>> FrameOriginsAsync(long sharedSpaceId, CurrentUser user, CancellationToken cancellationToken) =>
        [.. (await InForceAsync(sharedSpaceId, user, cancellationToken)).Select(o => new Uri(o.BaseUrl).GetLeftPart(UriPartial.Authority)).Distinct(StringComparer.Ordinal)];

    private static DevOverride ToOverride(ActionUrlOverride row, CatalogEntry entry) =>
        new(entry.Catalog.TryGetByName(row.ActionName, out var action) ? action.Name : row.ActionName, row.BaseUrl, row.CreatedAt, row.ExpiresAt);

    private static string Target(string actionName) => "external_action/" + actionName;

    private static OctaneError BadRequest(string description) => OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, description);
}
