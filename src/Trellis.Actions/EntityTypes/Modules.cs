using System.Collections.Frozen;

namespace Trellis.Actions.EntityTypes;

/// <summary>The modules of docs/reference/configuration-rules.md#properties (<c>mode.modules</c>) and docs/reference/configuration-rules.md#entity-types (module grids).</summary>
public static class Modules
{
    /// <summary>The backlog module: work items and tasks.</summary>
    public const string Backlog = "backlog";

    /// <summary>The team backlog: the backlog narrowed to one team.</summary>
    public const string TeamBacklog = "team_backlog";

    /// <summary>The quality module: tests, runs and product areas.</summary>
    public const string Quality = "quality";

    /// <summary>The pipelines module: pipelines and pipeline runs.</summary>
    public const string Pipelines = "pipelines";

    /// <summary>The releases module: releases, sprints, milestones, teams and programs.</summary>
    public const string Releases = "releases";

    /// <summary>Every module name <c>mode.modules</c> knows, each one a module the web UI renders; others raise a warning.</summary>
    public static FrozenSet<string> Known { get; } =
        FrozenSet.Create(StringComparer.Ordinal, Backlog, TeamBacklog, Quality, Pipelines, Releases);
}
