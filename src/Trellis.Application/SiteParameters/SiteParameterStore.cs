using System.Collections.Frozen;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Application.SiteParameters;

/// <summary>
/// Reads and writes the site parameters of docs/reference/site-parameters.md#parameters: defaults, then <c>Trellis:SiteParameters:&lt;NAME&gt;</c>,
/// then run-time overrides stored in the database (so every node sees them).
/// </summary>
internal sealed class SiteParameterStore(IDbContextFactory<TrellisDbContext> dbFactory, IConfiguration configuration, TimeProvider time)
{
    // Other nodes pick up an override within this time; the writing node sees it at once.
    private static readonly TimeSpan s_refreshAfter = TimeSpan.FromSeconds(5);

    private volatile Cached? _cached;

    public async ValueTask<SiteParameterSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        if (cached is not null && time.GetUtcNow() - cached.ReadAt < s_refreshAfter)
        {
            return cached.Snapshot;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var overrides = await db.SiteParameters.AsNoTracking().ToDictionaryAsync(p => p.Name, p => p.Value, StringComparer.Ordinal, cancellationToken);
        var values = SiteParameterNames.Defaults.ToDictionary(
            p => p.Key,
            p => overrides.TryGetValue(p.Key, out var value) ? value : configuration[$"Trellis:SiteParameters:{p.Key}"] ?? p.Value,
            StringComparer.Ordinal);
        var snapshot = new SiteParameterSnapshot(values.ToFrozenDictionary(StringComparer.Ordinal));
        _cached = new Cached(snapshot, time.GetUtcNow());
        return snapshot;
    }

    /// <summary>Every known parameter with its effective value, its default and where the value comes from.</summary>
    public async Task<IReadOnlyList<SiteParameterInfo>> DescribeAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var overrides = await db.SiteParameters.AsNoTracking().ToDictionaryAsync(p => p.Name, p => p.Value, StringComparer.Ordinal, cancellationToken);
        return [.. SiteParameterNames.Defaults.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p =>
            overrides.TryGetValue(p.Key, out var value) ? new SiteParameterInfo(p.Key, value, p.Value, SiteParameterInfo.Override)
            : configuration[$"Trellis:SiteParameters:{p.Key}"] is { } configured ? new SiteParameterInfo(p.Key, configured, p.Value, SiteParameterInfo.Configuration)
            : new SiteParameterInfo(p.Key, p.Value, p.Value, SiteParameterInfo.FromDefault))];
    }

    /// <summary>Stores an override for a known parameter.</summary>
    /// <returns><see langword="false"/> when the name is not a site parameter.</returns>
    public async Task<bool> SetAsync(string name, string value, long userId, CancellationToken cancellationToken)
    {
        if (!SiteParameterNames.Defaults.ContainsKey(name))
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.SiteParameters.SingleOrDefaultAsync(p => p.Name == name, cancellationToken);
        if (row is null)
        {
            row = new SiteParameter { Name = name, Value = value };
            db.SiteParameters.Add(row);
        }

        row.Value = value;
        row.UpdatedAt = time.GetUtcNow();
        row.UpdatedByUserId = userId;
        await db.SaveChangesAsync(cancellationToken);
        _cached = null;
        return true;
    }

    private sealed record Cached(SiteParameterSnapshot Snapshot, DateTimeOffset ReadAt);
}

/// <summary>One parameter as the admin API shows it.</summary>
/// <param name="Name">The parameter name.</param>
/// <param name="Value">The effective value.</param>
/// <param name="Default">The built-in default.</param>
/// <param name="Source">Where the value comes from: <c>default</c>, <c>configuration</c> or <c>override</c>.</param>
internal sealed record SiteParameterInfo(string Name, string Value, string Default, string Source)
{
    public const string FromDefault = "default";
    public const string Configuration = "configuration";
    public const string Override = "override";
}
