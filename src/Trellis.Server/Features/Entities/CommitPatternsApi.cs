using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;

namespace Trellis.Server.Features.Entities;

/// <summary>
/// Commit-message validation as Octane's IDE plugins and SDKs call it: which work items a commit message names,
/// by the workspace's commit patterns (<c>scm_commit_patterns</c> that apply to commits; by default
/// <c>defect #1005</c>, <c>user story #1002</c>, <c>quality story #1010</c>).
/// </summary>
internal static class CommitPatternsApi
{
    /// <summary>The most characters of a comment that are read; a commit message is far shorter.</summary>
    private const int MaxCommentLength = 10_000;

    /// <summary>How long one pattern may take over one comment; a pattern that takes longer names nothing.</summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>Each subtype of the answer with the node of <c>scm_commit_pattern_entity_type</c> that names it.</summary>
    private static readonly (string Subtype, string Node)[] Subtypes =
    [
        ("story", BuiltInSchema.ListNodeLogicalName("scm_commit_pattern_entity_type", "user_story")),
        ("defect", BuiltInSchema.ListNodeLogicalName("scm_commit_pattern_entity_type", "defect")),
        ("quality_story", BuiltInSchema.ListNodeLogicalName("scm_commit_pattern_entity_type", "quality_story")),
    ];

    public static IEndpointRouteBuilder MapCommitPatterns(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/ali/validateCommitPattern", ValidateAsync).WithName("ValidateCommitPattern");
        return workspace;
    }

    /// <summary><c>{"story":[ids],"defect":[ids],"quality_story":[ids]}</c>: the ids the comment names that are work items of that subtype here.</summary>
    private static async Task<IResult> ValidateAsync(HttpContext http, [FromServices] TrellisDbContext db, CancellationToken cancellationToken)
    {
        var scope = WorkspaceScope.Get(http);
        var comment = http.Request.Query["comment"].ToString();
        comment = comment.Length > MaxCommentLength ? comment[..MaxCommentLength] : comment;
        var patterns = await PatternsAsync(db, scope.WorkspaceId, cancellationToken);
        var named = Subtypes.ToDictionary(s => s.Subtype, s => patterns.Where(p => p.Subtype == s.Subtype).SelectMany(p => Ids(p.Pattern, comment)).Distinct().ToList());
        var ids = named.Values.SelectMany(v => v).Distinct().ToList();
        var existing = await db.Entities.AsNoTracking()
            .Where(e => ids.Contains(e.Id) && e.WorkspaceId == scope.WorkspaceId && e.Type == "work_item")
            .Select(e => new { e.Id, e.Subtype }).ToListAsync(cancellationToken);
        var answer = new JsonObject();
        foreach (var (subtype, _) in Subtypes)
        {
            answer[subtype] = new JsonArray([.. named[subtype].Where(id => existing.Any(e => e.Id == id && e.Subtype == subtype)).Select(id => (JsonNode)id)]);
        }

        return TypedResults.Json(answer);
    }

    /// <summary>The workspace's commit patterns that apply to commits, each with the subtype it names; a pattern that does not compile is left out.</summary>
    private static async Task<List<(string Subtype, Regex Pattern)>> PatternsAsync(TrellisDbContext db, long workspaceId, CancellationToken cancellationToken)
    {
        var rows = await db.Entities.AsNoTracking().Where(e => e.WorkspaceId == workspaceId && e.Type == "scm_commit_pattern")
            .Select(e => e.Fields).ToListAsync(cancellationToken);
        var branch = BuiltInSchema.ListNodeLogicalName("commit_pattern.applies_to", "branch");
        var nodes = await db.Entities.AsNoTracking()
            .Where(e => e.WorkspaceId == workspaceId && e.Type == "list_node" && e.LogicalName != null
                && (e.LogicalName.StartsWith("list_node.scm_commit_pattern_entity_type.") || e.LogicalName == branch))
            .ToDictionaryAsync(e => e.Id, e => e.LogicalName!, cancellationToken);
        var patterns = new List<(string, Regex)>();
        foreach (var fields in rows.Select(r => JsonNode.Parse(r) as JsonObject ?? []))
        {
            var type = OctaneJson.StoredIds(fields["entity_type"]).Select(id => nodes.GetValueOrDefault(id)).FirstOrDefault();
            var appliesToBranches = OctaneJson.StoredIds(fields["applies_to"]).Any(id => nodes.GetValueOrDefault(id) == branch);
            var subtype = Array.Find(Subtypes, s => s.Node == type).Subtype;
            if (subtype is not null && !appliesToBranches && fields["pattern"]?.GetValue<string>() is { Length: > 0 } text && Compile(text) is { } pattern)
            {
                patterns.Add((subtype, pattern));
            }
        }

        return patterns;
    }

    /// <summary>A pattern as Octane's admins write it, ignoring case; linear-time when .NET can, otherwise bounded by <see cref="MatchTimeout"/>.</summary>
    private static Regex? Compile(string pattern)
    {
        const RegexOptions options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
        try
        {
            try
            {
                return new Regex(pattern, options | RegexOptions.NonBacktracking, MatchTimeout);
            }
            catch (NotSupportedException)
            {
                // Look-arounds and back-references need the backtracking engine; the timeout bounds it.
                return new Regex(pattern, options, MatchTimeout);
            }
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    /// <summary>The ids a pattern's first group captures in the comment; none if the pattern runs out of time.</summary>
    private static List<long> Ids(Regex pattern, string comment)
    {
        try
        {
            return [.. pattern.Matches(comment)
                .Select(m => m.Groups.Count > 1 && long.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0)
                .Where(id => id > 0)];
        }
        catch (RegexMatchTimeoutException)
        {
            return [];
        }
    }
}
