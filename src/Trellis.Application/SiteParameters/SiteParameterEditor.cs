using Microsoft.EntityFrameworkCore;
using Trellis.Application.Access;
using Trellis.Application.Audit;
using Trellis.Application.Auth;
using Trellis.Data;

namespace Trellis.Application.SiteParameters;

/// <summary>What a change of a site parameter did: stored, refused (not a site admin), unknown, or an invalid value and why.</summary>
internal sealed record SiteParameterChange(SiteParameterInfo? Stored, AccessRefusal? Refusal = null, bool Unknown = false, string? Error = null);

/// <summary>
/// The site admin's reading and changing of the site parameters (docs/administration.md#site-parameters): checked,
/// normalised, stored and audited the same way for <c>PUT /admin/params/{NAME}</c> and the web UI's page.
/// </summary>
internal sealed class SiteParameterEditor(SiteParameterStore store, IDbContextFactory<TrellisDbContext> dbFactory, TimeProvider time)
{
    /// <summary>Every parameter with its value, default and source; site admins only.</summary>
    public async Task<Access<IReadOnlyList<SiteParameterInfo>>> ListAsync(CurrentUser user, CancellationToken cancellationToken) =>
        AccessResolver.SiteAdmin(user) is { } refusal ? refusal : new Access<IReadOnlyList<SiteParameterInfo>>(await store.DescribeAsync(cancellationToken), null);

    /// <summary>Validates and stores an override, with its audit line.</summary>
    public async Task<SiteParameterChange> SetAsync(CurrentUser user, string name, string? value, CancellationToken cancellationToken)
    {
        if (AccessResolver.SiteAdmin(user) is { } refusal)
        {
            return new(null, refusal);
        }

        if (!SiteParameterNames.Defaults.ContainsKey(name))
        {
            return new(null, Unknown: true, Error: $"There is no site parameter named {name}.");
        }

        var (normalised, error) = value is null ? (null, "The body must be {\"value\":\"…\"}.") : SiteParameterValidator.Validate(name, value);
        if (normalised is null)
        {
            return new(null, Error: error);
        }

        await store.SetAsync(name, normalised, user.Id, cancellationToken);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            AuditLog.Add(db, time, user.Id, "site_parameter.set", name, details: System.Text.Json.JsonSerializer.Serialize(new { value = normalised }));
            await db.SaveChangesAsync(cancellationToken);
        }

        return new((await store.DescribeAsync(cancellationToken)).Single(p => p.Name == name));
    }
}
