using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;

namespace Trellis.Server.Features.Entities;

/// <summary>
/// Commit-message validation as Octane's IDE plugins and SDKs call it: which work items a commit message names,
/// by the commit patterns (<c>defect #1005</c>, <c>user story #1002</c>, <c>quality story #1010</c>).
/// </summary>
internal static partial class CommitPatternsApi
{
    /// <summary>The most characters of a comment that are read; a commit message is far shorter.</summary>
    private const int MaxCommentLength = 10_000;

    /// <summary>Each subtype with the pattern whose first group is the id, as Octane's default patterns.</summary>
    private static readonly (string Subtype, Regex Pattern)[] Patterns =
    [
        ("story", StoryPattern()),
        ("defect", DefectPattern()),
        ("quality_story", QualityStoryPattern()),
    ];

    public static IEndpointRouteBuilder MapCommitPatterns(this RouteGroupBuilder workspace)
    {
        workspace.MapGet("/ali/validateCommitPattern", ValidateAsync).WithName("ValidateCommitPattern");
        return workspace;
    }

    /// <summary><c>{"story":[ids],"defect":[ids],"quality_story":[ids]}</c>: the ids the comment names that are work items of that subtype here.</summary>
    private static async Task<IResult> ValidateAsync(HttpContext http, TrellisDbContext db, CancellationToken cancellationToken)
    {
        var scope = WorkspaceScope.Get(http);
        var comment = http.Request.Query["comment"].ToString();
        comment = comment.Length > MaxCommentLength ? comment[..MaxCommentLength] : comment;
        var named = Patterns.ToDictionary(p => p.Subtype, p => p.Pattern.Matches(comment)
            .Select(m => long.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : 0).Where(id => id > 0).Distinct().ToList());
        var ids = named.Values.SelectMany(v => v).Distinct().ToList();
        var existing = await db.Entities.AsNoTracking()
            .Where(e => ids.Contains(e.Id) && e.WorkspaceId == scope.WorkspaceId && e.Type == "work_item")
            .Select(e => new { e.Id, e.Subtype }).ToListAsync(cancellationToken);
        var answer = new JsonObject();
        foreach (var (subtype, _) in Patterns)
        {
            answer[subtype] = new JsonArray([.. named[subtype].Where(id => existing.Any(e => e.Id == id && e.Subtype == subtype)).Select(id => (JsonNode)id)]);
        }

        return TypedResults.Json(answer);
    }

    [GeneratedRegex(@"\buser story\s*#\s*(\d{1,18})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex StoryPattern();

    [GeneratedRegex(@"\b(?:defect|bug)\s*#\s*(\d{1,18})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DefectPattern();

    [GeneratedRegex(@"\bquality story\s*#\s*(\d{1,18})", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex QualityStoryPattern();
}
