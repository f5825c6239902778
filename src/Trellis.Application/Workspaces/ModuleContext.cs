using System.Globalization;
using Microsoft.AspNetCore.WebUtilities;

namespace Trellis.Application.Workspaces;

/// <summary>
/// What a module's context filter picked (docs/reference/launches.md#url-tokens <c>{context_*}</c>): ids of the release, sprint and milestone, or
/// of the pipeline and run open in the pipelines module, or the team whose backlog the team backlog shows (docs/ui.md#team-backlog).
/// Each is <see langword="null"/> when not picked.
/// </summary>
/// <param name="Release">The release id.</param>
/// <param name="Sprint">The sprint id (a sprint of <paramref name="Release"/>).</param>
/// <param name="Milestone">The milestone id (a milestone of <paramref name="Release"/>).</param>
/// <param name="Pipeline">The pipeline id.</param>
/// <param name="PipelineRun">The pipeline run id (a run of <paramref name="Pipeline"/>).</param>
/// <param name="Team">The team id: the team backlog lists that team's items only.</param>
public sealed record ModuleContext(string? Release = null, string? Sprint = null, string? Milestone = null, string? Pipeline = null, string? PipelineRun = null, string? Team = null)
{
    /// <summary>The address query parameters that hold the picks, so a reload keeps them.</summary>
    public static readonly IReadOnlyList<string> QueryNames = ["team", "release", "sprint", "milestone", "pipeline", "run"];

    /// <summary>Nothing picked.</summary>
    public static ModuleContext None { get; } = new();

    /// <summary>Gets a value indicating whether nothing is picked.</summary>
    public bool IsEmpty => this == None;

    /// <summary>
    /// The pickers a module offers on any of its grids, in display order (<c>team</c>, <c>release</c>, <c>sprint</c>, <c>milestone</c>,
    /// <c>pipeline</c>, <c>run</c>): those of <see cref="PickersOf(string?, string?)"/> over the module's grid types.
    /// </summary>
    /// <param name="module">The module.</param>
    public static IReadOnlyList<string> PickersOf(string? module)
    {
        var types = module is null ? [] : WorkspaceData.GridTypesOf(module);
        return [.. QueryNames.Where(picker => types.Any(type => PickersOf(module, type).Contains(picker)))];
    }

    /// <summary>
    /// The pickers that narrow a module's grid of <paramref name="gridType"/>, in display order: a subset of
    /// <see cref="PickersOf(string?)"/> (sprints, milestones and runs by release, pipelines by pipeline); none for
    /// teams, programs and product areas, which no release or pipeline scopes. <see langword="null"/> is the module's default type.
    /// </summary>
    /// <param name="module">The module.</param>
    /// <param name="gridType">The grid's type, or <see langword="null"/> for the module's default.</param>
    public static IReadOnlyList<string> PickersOf(string? module, string? gridType) => (module, gridType ?? DefaultTypeOf(module)) switch
    {
        ("team_backlog", "work_item" or "task") => ["team", "release", "sprint"],
        ("backlog", "work_item" or "task") or ("quality", "test") => ["release", "sprint"],
        ("quality", "run") or ("releases", "sprint") => ["release"],
        ("releases", "release" or "milestone") => ["release", "milestone"],
        ("pipelines", "run_history") => ["pipeline", "run"],
        ("pipelines", "pipeline") => ["pipeline"],
        _ => [],
    };

    /// <summary>
    /// The picks that apply to a module's grid of <paramref name="gridType"/> (those of <see cref="PickersOf(string?, string?)"/>):
    /// what narrows that grid and reaches its launches. The others stay in the address for the grids they apply to.
    /// </summary>
    /// <param name="module">The module.</param>
    /// <param name="gridType">The grid's type, or <see langword="null"/> for the module's default.</param>
    public ModuleContext For(string? module, string? gridType)
    {
        var pickers = PickersOf(module, gridType);
        string? Keep(string name, string? id) => pickers.Contains(name) ? id : null;
        return new ModuleContext(Keep("release", Release), Keep("sprint", Sprint), Keep("milestone", Milestone), Keep("pipeline", Pipeline), Keep("run", PipelineRun), Keep("team", Team));
    }

    /// <summary>
    /// Whether the module's grid lists nothing until a pick is made: the team backlog is one team's backlog, so it waits for
    /// the team (Octane's Team Backlog always has one chosen).
    /// </summary>
    /// <param name="module">The module.</param>
    public bool AwaitsPick(string? module) => module == "team_backlog" && Team is null;

    /// <summary>
    /// Reads the picks the module offers from an absolute or relative address's query; anything that is not a positive
    /// decimal id is ignored, as are picks whose parent (the release of a sprint, the pipeline of a run) is missing.
    /// </summary>
    /// <param name="uri">The address.</param>
    /// <param name="module">The module whose pickers count.</param>
    public static ModuleContext Parse(string uri, string? module)
    {
        var at = uri.IndexOf('?', StringComparison.Ordinal);
        if (at < 0)
        {
            return None;
        }

        var end = uri.IndexOf('#', at);
        var query = QueryHelpers.ParseQuery(end < 0 ? uri[at..] : uri[at..end]);
        var pickers = PickersOf(module);
        string? Id(string name) =>
            pickers.Contains(name) && query.TryGetValue(name, out var values) && values.Count == 1
            && long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
                ? id.ToString(CultureInfo.InvariantCulture)
                : null;
        var release = Id("release");
        var pipeline = Id("pipeline");
        return new ModuleContext(release, release is null ? null : Id("sprint"), release is null ? null : Id("milestone"), pipeline, pipeline is null ? null : Id("run"), Id("team"));
    }

    /// <summary>The picks as address query parameters (every name of <see cref="QueryNames"/>, unpicked ones <see langword="null"/> so they are removed).</summary>
    public IReadOnlyDictionary<string, object?> ToQueryParameters() => new Dictionary<string, object?>(StringComparer.Ordinal)
    {
        ["team"] = Team,
        ["release"] = Release,
        ["sprint"] = Sprint,
        ["milestone"] = Milestone,
        ["pipeline"] = Pipeline,
        ["run"] = PipelineRun,
    };

    /// <summary>
    /// The context's part of the REST query of a module's grid of <paramref name="gridType"/> (no surrounding quotes),
    /// the clauses that narrow the grid to the picks joined by <c>;</c>, or <see langword="null"/> when nothing narrows it; picks that do not apply to that type (see
    /// <see cref="PickersOf(string?, string?)"/>) narrow nothing.
    /// </summary>
    /// <param name="module">The module whose grid is narrowed.</param>
    /// <param name="gridType">The grid's type, or <see langword="null"/> for the module's default.</param>
    public string? FilterOf(string? module, string? gridType)
    {
        var (release, sprint, milestone, pipeline, run, team) = For(module, gridType);
        List<string> clauses = (gridType ?? DefaultTypeOf(module)) switch
        {
            "work_item" => [.. Clause("team", team), .. Clause("release", release), .. Clause("sprint", sprint)],
            // Tasks carry no team, release or sprint: a task belongs to them through its story.
            "task" => [.. Clause("story", team is null ? null : $"{{team EQ {{id EQ {team}}}}}", raw: true),
                .. Clause("story", release is null ? null : $"{{release EQ {{id EQ {release}}}}}", raw: true),
                .. Clause("story", sprint is null ? null : $"{{sprint EQ {{id EQ {sprint}}}}}", raw: true)],
            // Tests carry no release: a test belongs to a release through the backlog items it covers.
            "test" => [.. Clause("covered_content", release is null ? null : $"{{release EQ {{id EQ {release}}}}}", raw: true),
                .. Clause("covered_content", sprint is null ? null : $"{{sprint EQ {{id EQ {sprint}}}}}", raw: true)],
            "run" or "sprint" => [.. Clause("release", release)],
            // The releases grid lists releases: the picked one is the row to show; a milestone lies inside it.
            "release" => [.. Clause("id", release, raw: true)],
            "milestone" => [.. Clause("release", release), .. Clause("id", milestone, raw: true)],
            "run_history" => [.. Clause("pipeline", pipeline), .. Clause("id", run, raw: true)],
            "pipeline" => [.. Clause("id", pipeline, raw: true)],
            _ => [],
        };
        return clauses.Count == 0 ? null : string.Join(';', clauses);
    }

    /// <summary>
    /// The grid's REST query value (quotes included): the context's clauses and the person's own filter, both applying,
    /// or <see langword="null"/> when neither filters.
    /// </summary>
    /// <param name="module">The module.</param>
    /// <param name="filterQuery">The filter box's query value, quotes included, or <see langword="null"/>.</param>
    public string? CombineWith(string? module, string? filterQuery) => CombineWith(module, null, filterQuery);

    /// <summary>
    /// The REST query value (quotes included) of a module's grid of <paramref name="gridType"/>: the clauses of the
    /// picks that apply to that type and the person's own filter, or <see langword="null"/> when neither filters.
    /// </summary>
    /// <param name="module">The module.</param>
    /// <param name="gridType">The grid's type, or <see langword="null"/> for the module's default.</param>
    /// <param name="filterQuery">The filter box's query value, quotes included, or <see langword="null"/>.</param>
    public string? CombineWith(string? module, string? gridType, string? filterQuery)
    {
        var own = filterQuery is { Length: > 2 } ? filterQuery[1..^1] : null;
        return (FilterOf(module, gridType), own) switch
        {
            (null, null) => null,
            (null, { } filter) => $"\"{filter}\"",
            ({ } context, null) => $"\"{context}\"",
            ({ } context, { } filter) => $"\"{context};({filter})\"",
        };
    }

    private static string? DefaultTypeOf(string? module) => module is null ? null : WorkspaceData.GridTypeOf(module);

    private static IEnumerable<string> Clause(string field, string? id, bool raw = false) =>
        id is null ? [] : [raw ? $"{field} EQ {id}" : $"{field} EQ {{id EQ {id}}}"];
}
