using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Trellis.Application.Errors;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Application.ExternalActions.Messages;

/// <summary>One message between a launched app and the host (the message inspector's row).</summary>
/// <param name="At">When the host received or sent it.</param>
/// <param name="SharedSpace">The launch's shared space.</param>
/// <param name="Workspace">The launch's workspace.</param>
/// <param name="Action">The action's name.</param>
/// <param name="LaunchId">The launch's instance id (<c>dialog_id</c> / <c>panel_id</c>), or the tab launch's id.</param>
/// <param name="Origin">The sender's origin as the browser reported it; for a host message, the origin it was addressed to.</param>
/// <param name="EventName">The <c>event_name</c>, when the message had one.</param>
/// <param name="Accepted">Whether the host acted on it; for a host message, whether it reached the app's window.</param>
/// <param name="Reason">Why it was rejected or ignored (a reason code of the message judge); <see langword="null"/> when accepted.</param>
/// <param name="Data">The message as JSON, cut to a few KiB.</param>
/// <param name="Explanation">The reason in words, as the judge put it for the app's developer; <see langword="null"/> when accepted.</param>
/// <param name="FromHost">Whether the host sent it to the app (host → app) rather than the app to the host.</param>
public sealed record LaunchMessageEntry(
    DateTimeOffset At, long SharedSpace, long Workspace, string Action, string LaunchId, string Origin, string? EventName,
    bool Accepted, string? Reason, string Data, string? Explanation = null, bool FromHost = false);

/// <summary>One launch: who launched which action from where, and what it opened.</summary>
/// <param name="At">When it was launched.</param>
/// <param name="SharedSpace">The shared space.</param>
/// <param name="Workspace">The workspace.</param>
/// <param name="LaunchId">The launch's instance id, or the tab launch's id.</param>
/// <param name="Action">The action's name.</param>
/// <param name="UserId">The user who launched it, while that user exists.</param>
/// <param name="UserName">The user's name at the time (given as the login, which stands in when the user has no name).</param>
/// <param name="Mode">The launch mode (<c>dialog</c>, <c>side_panel</c>, <c>new_tab</c>, …).</param>
/// <param name="View">The view it was launched from (<c>list</c> or <c>details</c>).</param>
/// <param name="Module">The view's module, when it had one.</param>
/// <param name="EntityType">The view's entity type.</param>
/// <param name="Entities">The selected entities.</param>
/// <param name="Target">The URL opened, or the prompt of an Aviator chip.</param>
public sealed record LaunchEntry(
    DateTimeOffset At, long SharedSpace, long Workspace, string LaunchId, string Action, long? UserId, string UserName,
    string Mode, string View, string? Module, string EntityType, IReadOnlyList<LaunchEntity> Entities, string Target);

/// <summary>One entity selected when an action was launched.</summary>
/// <param name="Type">Its concrete type.</param>
/// <param name="Id">Its id.</param>
public sealed record LaunchEntity(string Type, string Id);

/// <summary>What the inspector shows: all three criteria are optional and combine with AND.</summary>
/// <param name="Action">Only this action (case-insensitive).</param>
/// <param name="LaunchId">Only this launch.</param>
/// <param name="Accepted">Only the app's accepted (<see langword="true"/>) or only its rejected (<see langword="false"/>) messages.</param>
public sealed record LaunchMessageFilter(string? Action = null, string? LaunchId = null, bool? Accepted = null);

/// <summary>One launch's messages, oldest first, with the launch itself when it is still kept.</summary>
/// <param name="LaunchId">The launch's instance id.</param>
/// <param name="Action">The action's name.</param>
/// <param name="Workspace">The launch's workspace.</param>
/// <param name="First">When the launch started, or its first kept message arrived.</param>
/// <param name="Last">When its last kept message arrived (or it started, without messages).</param>
/// <param name="AcceptedCount">How many of the app's messages were acted on.</param>
/// <param name="RejectedCount">How many of the app's messages were rejected or ignored.</param>
/// <param name="Messages">The messages both ways, oldest first.</param>
/// <param name="Launch">Who launched it, from where, and what it opened; <see langword="null"/> for messages no launch's window sent.</param>
public sealed record LaunchMessageGroup(
    string LaunchId, string Action, long Workspace, DateTimeOffset First, DateTimeOffset Last, int AcceptedCount, int RejectedCount,
    IReadOnlyList<LaunchMessageEntry> Messages, LaunchEntry? Launch = null);

/// <summary>
/// The message inspector's store (docs/ui.md#message-inspector): launches and the messages between their apps and the host,
/// in the database so they survive a restart and every node's inspector sees every node's launches, kept for
/// <see cref="MessageLogOptions.RetentionDays"/>. Everything an app sent is cut to the columns' sizes before it is stored.
/// </summary>
public sealed class LaunchMessageLog(
    IDbContextFactory<TrellisDbContext> dbFactory, IOptions<MessageLogOptions> options, TimeProvider time, LaunchLogFeed feed, ILogger<LaunchMessageLog> logger)
{
    /// <summary>How many messages the inspector shows at most (the newest).</summary>
    public const int MaxShownMessages = 1000;

    /// <summary>How many launches without a matching message the inspector shows at most (the newest).</summary>
    public const int MaxShownLaunches = 200;

    /// <summary>The longest message kept, in characters; longer ones are cut and shown as they came.</summary>
    public const int MaxData = 4096;

    /// <summary>Keeps one message and tells the open inspectors of its space, on every node.</summary>
    public async Task AddAsync(LaunchMessageEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            db.LaunchMessages.Add(new LaunchMessage
            {
                SharedSpaceId = entry.SharedSpace,
                WorkspaceId = entry.Workspace,
                LaunchKey = Cut(entry.LaunchId, 64),
                ActionName = Cut(entry.Action, 255),
                At = entry.At,
                FromHost = entry.FromHost,
                Origin = Cut(entry.Origin, 512),
                EventName = CutOrNull(entry.EventName, 128),
                Accepted = entry.Accepted,
                Reason = CutOrNull(entry.Reason, 64),
                Explanation = CutOrNull(entry.Explanation, 1024),
                Data = Cut(entry.Data, MaxData),
            });
            await db.SaveChangesAsync(cancellationToken);
            await feed.KeptAsync(db, entry.SharedSpace, cancellationToken);
        }
    }

    /// <summary>
    /// Keeps one message if the database takes it. The host judges and acts on a message whether or not it is kept, so a
    /// database that does not answer costs only the inspector's line, logged as a warning.
    /// </summary>
    public async Task KeepAsync(LaunchMessageEntry entry)
    {
        try
        {
            await AddAsync(entry);
        }
        catch (Exception failure) when (IsTheDatabases(failure))
        {
            logger.LogWarning(failure, "A message of {Action} could not be kept for the message inspector", entry.Action);
        }
    }

    /// <summary>Keeps one launch if the database takes it: the launch has happened either way (see <see cref="KeepAsync"/>).</summary>
    public async Task KeepLaunchAsync(LaunchEntry launch)
    {
        try
        {
            await AddLaunchAsync(launch);
        }
        catch (Exception failure) when (IsTheDatabases(failure))
        {
            logger.LogWarning(failure, "The launch of {Action} could not be kept for the message inspector", launch.Action);
        }
    }

    // A refused write, or a database that does not answer (EF Core's retry strategy wraps that in its own exception).
    private static bool IsTheDatabases(Exception failure) =>
        failure is DbException or DbUpdateException || RequestFailures.Classify(failure) is { StatusCode: StatusCodes.Status503ServiceUnavailable };

    /// <summary>Keeps one launch and tells the open inspectors of its space, on every node.</summary>
    public async Task AddLaunchAsync(LaunchEntry launch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(launch);
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            // People are shown by name; the login stands in for a user without one.
            var name = launch.UserId is { } userId
                ? await db.Users.Where(u => u.Id == userId).Select(u => (u.FirstName + " " + u.LastName).Trim()).FirstOrDefaultAsync(cancellationToken)
                : null;
            db.LaunchRecords.Add(new LaunchRecord
            {
                SharedSpaceId = launch.SharedSpace,
                WorkspaceId = launch.Workspace,
                LaunchKey = Cut(launch.LaunchId, 64),
                ActionName = Cut(launch.Action, 255),
                UserId = launch.UserId,
                UserName = Cut(string.IsNullOrWhiteSpace(name) ? launch.UserName : name, 255),
                Mode = Cut(launch.Mode, 32),
                View = Cut(launch.View, 16),
                Module = CutOrNull(launch.Module, 64),
                EntityType = Cut(launch.EntityType, 64),
                Entities = CutAtComma(string.Join(',', launch.Entities.Select(e => $"{e.Type}:{e.Id}")), 1024),
                Target = Cut(launch.Target, 8192),
                CreatedAt = launch.At,
            });
            await db.SaveChangesAsync(cancellationToken);
            await feed.KeptAsync(db, launch.SharedSpace, cancellationToken);
        }
    }

    /// <summary>The names of the actions with kept launches or messages in a space, in order.</summary>
    public async Task<IReadOnlyList<string>> ActionsAsync(long sharedSpace, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var fromMessages = await db.LaunchMessages.Where(m => m.SharedSpaceId == sharedSpace && m.ActionName != "").Select(m => m.ActionName).Distinct().ToListAsync(cancellationToken);
        var fromLaunches = await db.LaunchRecords.Where(l => l.SharedSpaceId == sharedSpace).Select(l => l.ActionName).Distinct().ToListAsync(cancellationToken);
        return [.. fromMessages.Concat(fromLaunches).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>
    /// The kept launches and messages of a shared space that pass <paramref name="filter"/>, grouped per launch, the launch
    /// with the newest activity first. A status filter shows only launches with such a message.
    /// </summary>
    public async Task<IReadOnlyList<LaunchMessageGroup>> ByLaunchAsync(long sharedSpace, LaunchMessageFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var action = string.IsNullOrEmpty(filter.Action) ? null : filter.Action.ToLowerInvariant();
        var launchId = string.IsNullOrEmpty(filter.LaunchId) ? null : filter.LaunchId;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);

        var messages = db.LaunchMessages.AsNoTracking().Where(m => m.SharedSpaceId == sharedSpace);
        var launches = db.LaunchRecords.AsNoTracking().Where(l => l.SharedSpaceId == sharedSpace);
        if (action is not null)
        {
            messages = messages.Where(m => m.ActionName.ToLower() == action);
            launches = launches.Where(l => l.ActionName.ToLower() == action);
        }

        if (launchId is not null)
        {
            messages = messages.Where(m => m.LaunchKey == launchId);
            launches = launches.Where(l => l.LaunchKey == launchId);
        }

        if (filter.Accepted is { } accepted)
        {
            // The status is the judge's verdict on the app's messages; the host's own replies follow their launch.
            var judged = await messages.Where(m => !m.FromHost && m.Accepted == accepted).OrderByDescending(m => m.Id).Select(m => m.LaunchKey).Take(MaxShownMessages).Distinct().ToListAsync(cancellationToken);
            messages = messages.Where(m => judged.Contains(m.LaunchKey) && (m.FromHost || m.Accepted == accepted));
        }

        var rows = await messages.OrderByDescending(m => m.Id).Take(MaxShownMessages).ToListAsync(cancellationToken);
        rows.Reverse();
        var keys = rows.Select(r => r.LaunchKey).Where(k => k.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var records = await launches.Where(l => keys.Contains(l.LaunchKey)).ToListAsync(cancellationToken);
        if (filter.Accepted is null)
        {
            // Launches whose app has said nothing yet are shown too: that is often the very thing to see.
            records.AddRange(await launches.OrderByDescending(l => l.Id).Take(MaxShownLaunches).ToListAsync(cancellationToken));
        }

        var launchByKey = records.GroupBy(r => r.LaunchKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => ToEntry(g.OrderByDescending(r => r.Id).First()), StringComparer.Ordinal);
        var messagesByKey = rows.GroupBy(r => r.LaunchKey, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(ToEntry).ToList(), StringComparer.Ordinal);
        return [.. launchByKey.Keys.Union(messagesByKey.Keys, StringComparer.Ordinal)
            .Select(key => Group(key, launchByKey.GetValueOrDefault(key), messagesByKey.GetValueOrDefault(key) ?? []))
            .OrderByDescending(g => g.Last)
            .ThenBy(g => g.LaunchId, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Deletes the launches and messages older than the retention period, and each workspace's oldest messages beyond
    /// its cap; answers how many rows went.
    /// </summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var cutoff = time.GetUtcNow() - TimeSpan.FromDays(settings.RetentionDays);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var deleted = await db.LaunchMessages.Where(m => m.At < cutoff).ExecuteDeleteAsync(cancellationToken);
        deleted += await db.LaunchRecords.Where(l => l.CreatedAt < cutoff).ExecuteDeleteAsync(cancellationToken);

        var cap = settings.MaxMessagesPerWorkspace;
        var crowded = await db.LaunchMessages.GroupBy(m => m.WorkspaceId).Where(g => g.Count() > cap).Select(g => g.Key).ToListAsync(cancellationToken);
        foreach (var workspace in crowded)
        {
            var oldestKept = await db.LaunchMessages.Where(m => m.WorkspaceId == workspace).OrderByDescending(m => m.Id).Skip(cap - 1).Select(m => m.Id).FirstAsync(cancellationToken);
            deleted += await db.LaunchMessages.Where(m => m.WorkspaceId == workspace && m.Id < oldestKept).ExecuteDeleteAsync(cancellationToken);
        }

        return deleted;
    }

    /// <summary>
    /// <paramref name="text"/> fit for any database column of <paramref name="max"/> characters: cut without splitting a
    /// character, with NUL and unpaired surrogates (which PostgreSQL refuses) replaced.
    /// </summary>
    internal static string Cut(string? text, int max)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var builder = new StringBuilder(Math.Min(text.Length, max));
        for (var i = 0; i < text.Length && builder.Length < max; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                if (builder.Length + 2 > max)
                {
                    break;
                }

                builder.Append(c).Append(text[++i]);
            }
            else
            {
                builder.Append(c == '\0' || char.IsSurrogate(c) ? '\uFFFD' : c);
            }
        }

        return builder.ToString();
    }

    private static string? CutOrNull(string? text, int max) => text is null ? null : Cut(text, max);

    private static LaunchMessageGroup Group(string key, LaunchEntry? launch, IReadOnlyList<LaunchMessageEntry> messages)
    {
        var appMessages = messages.Where(m => !m.FromHost).ToList();
        var first = launch?.At ?? messages[0].At;
        var last = messages.Count > 0 ? messages[^1].At : first;
        return new LaunchMessageGroup(key, launch?.Action ?? messages[0].Action, launch?.Workspace ?? messages[0].Workspace, first, last,
            appMessages.Count(m => m.Accepted), appMessages.Count(m => !m.Accepted), messages, launch);
    }

    private static LaunchMessageEntry ToEntry(LaunchMessage row) =>
        new(row.At, row.SharedSpaceId, row.WorkspaceId, row.ActionName, row.LaunchKey, row.Origin, row.EventName, row.Accepted, row.Reason, row.Data, row.Explanation, row.FromHost);

    private static LaunchEntry ToEntry(LaunchRecord row) =>
        new(row.CreatedAt, row.SharedSpaceId, row.WorkspaceId, row.LaunchKey, row.ActionName, row.UserId, row.UserName, row.Mode, row.View, row.Module,
            row.EntityType, [.. row.Entities.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ParseEntity)], row.Target);

    private static LaunchEntity ParseEntity(string pair) =>
        pair.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? new LaunchEntity(pair[..colon], pair[(colon + 1)..]) : new LaunchEntity("", pair);

    // A long selection keeps its first entities whole rather than ending on half an id.
    private static string CutAtComma(string text, int max)
    {
        var cut = Cut(text, max);
        return cut.Length == text.Length || cut.LastIndexOf(',') is not (var comma and > 0) ? cut : cut[..comma];
    }
}
