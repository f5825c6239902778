namespace Trellis.Cli.Tests;

/// <summary>Configurations and contexts shaped like the public Octane samples (Create Branch, Git integration).</summary>
internal static class Samples
{
    public const string ValidConfiguration = """
        [
          {
            "name": "create-branch",
            "title": "Create Branch",
            "entity_type": ["feature", "defect", "story", "quality_story"],
            "views": ["list", "details"],
            "single_entity": true,
            "url": "https://cb.example.com/repo_select?subtype={entity.subtype}&name={entity.name}&entity_id={entity_ids}"
          },
          {
            "name": "pull-requests",
            "title": "Get Pull Requests",
            "entity_type": ["work_item"],
            "views": ["list"],
            "events": true,
            "dialog": "small",
            "url": "https://git.example.com/prs?ids={entity_ids}&sharedSpace={shared_space}&workSpace={workspace}&dialogId={dialog_id}&server={octane_url}"
          },
          {
            "name": "mail-owner",
            "title": "Mail the owner",
            "entity_type": ["defect"],
            "views": ["details"],
            "workspaces": [1002],
            "url": "mailto:{user_email}?subject={entity_ids}"
          }
        ]
        """;

    // Two errors and a warning at known places: a bad name (line 3), an empty title (line 4), an unknown icon (line 5).
    public const string InvalidConfiguration = """
        [
          {
            "name": "bad name!",
            "title": "",
            "icon": "rocket",
            "entity_type": ["defect"],
            "views": ["list"],
            "url": "https://example.com/?id={entity_ids}"
          }
        ]
        """;

    public static string Context(string entities, string view = "list", long workspace = 1002, string entityType = "defect") => $$"""
        {
          "octane_url": "https://alm.example.com",
          "shared_space": 1001, "workspace": {{workspace}},
          "user": {"login": "jane@example.com", "email": "jane@example.com"},
          "view": "{{view}}", "module": "backlog",
          "entity_type": "{{entityType}}",
          "entities": {{entities}},
          "all_selected": false,
          "query": "\"phase EQ {id EQ 'phase.defect.new'}\"",
          "dialog_id": "d-1", "panel_id": null
        }
        """;

    public const string OneDefect = """[{"id": "2001", "subtype": "defect", "name": "Login fails & #1 ü", "release": {"id": "3001", "name": "R 1.0"}}]""";

    public const string TwoDefects = """[{"id": "2001", "subtype": "defect", "name": "A"}, {"id": "2002", "subtype": "defect", "name": "B"}]""";
}
