using System.Collections.Frozen;
using System.Collections.Immutable;
using Trellis.Actions.EntityTypes;

namespace Trellis.Application.Entities;

/// <summary>One built-in field, as bootstrap writes it into a workspace's field metadata.</summary>
internal sealed record FieldDefinition(string Name, string Label, string FieldType)
{
    public bool Multiple { get; init; }

    public ImmutableArray<string> Targets { get; init; } = [];

    public bool Editable { get; init; } = true;

    public bool Required { get; init; }

    public int? MaxLength { get; init; }

    public string? Column { get; init; }
}

/// <summary>Where a type's rows live.</summary>
internal enum EntityStorage
{
    /// <summary>The <c>entities</c> table.</summary>
    Entities,

    /// <summary>The <c>users</c> table (the <c>users</c> and <c>workspace_users</c> collections).</summary>
    Users,
}

/// <summary>One REST entity type: its collection, how its rows are stored and its built-in fields.</summary>
internal sealed record TypeDefinition(string Name, string Label, string Collection, ImmutableArray<FieldDefinition> Fields)
{
    /// <summary>Gets the <c>entities.type</c> value: the aggregate of a subtype, otherwise the type itself.</summary>
    public required string StorageType { get; init; }

    /// <summary>Gets the <c>entities.subtype</c> value of a subtype; <see langword="null"/> for aggregates and plain types.</summary>
    public string? Subtype { get; init; }

    public bool IsAggregate { get; init; }

    public ImmutableArray<string> Subtypes { get; init; } = [];

    /// <summary>Gets a value indicating whether REST clients may create, update and delete rows.</summary>
    public bool Writable { get; init; } = true;

    public EntityStorage Storage { get; init; } = EntityStorage.Entities;

    /// <summary>Gets a value indicating whether rows carry <c>subtype</c> (aggregates and their subtypes).</summary>
    public bool HasSubtype => IsAggregate || Subtype is not null;
}

/// <summary>
/// The entity types, fields, phases and list nodes every workspace starts with (docs/reference/configuration-rules.md#entity-types, docs/reference/rest.md#urls-and-parameters, docs/reference/rest.md#metadata).
/// Bootstrap writes the fields into <c>field_metadata</c>; at run time the database is the truth.
/// </summary>
internal static class BuiltInSchema
{
    private static readonly FieldDefinition[] SystemFields =
    [
        new("id", "ID", FieldTypes.Integer) { Editable = false, Column = "id" },
        new("name", "Name", FieldTypes.String) { Required = true, MaxLength = 255, Column = "name" },
        new("creation_time", "Creation time", FieldTypes.DateTime) { Editable = false, Column = "creation_time" },
        new("last_modified", "Last modified", FieldTypes.DateTime) { Editable = false, Column = "last_modified" },
        new("version_stamp", "Version stamp", FieldTypes.Integer) { Editable = false, Column = "version_stamp" },
    ];

    private static readonly FieldDefinition SubtypeField = new("subtype", "Subtype", FieldTypes.String) { Editable = false, Column = "subtype" };

    private static readonly FieldDefinition[] WorkItemFields =
    [
        Memo("description", "Description"),
        Ref("phase", "Phase", "phase") with { Required = true },
        Ref("owner", "Owner", "workspace_user"),
        Ref("author", "Author", "workspace_user"),
        Ref("qa_owner", "QA owner", "workspace_user"),
        Ref("release", "Release", "release"),
        Ref("sprint", "Sprint", "sprint"),
        Ref("team", "Team", "team"),
        Ref("parent", "Parent", "work_item", "work_item_root"),
        Multi("product_areas", "Application modules", "product_area"),
        Ref("priority", "Priority", "list_node"),
        Multi("user_tags", "Tags", "list_node"),
        Number("story_points", "Story points"),
        Real("estimated_hours", "Estimated hours"),
        Real("invested_hours", "Invested hours"),
        Real("remaining_hours", "Remaining hours"),
        Flag("blocked", "Blocked"),
        Text("blocked_reason", "Blocked reason"),
        Number("rank", "Rank"),
        new("closed_on", "Closed on", FieldTypes.DateTime),
        Multi("comments", "Comments", "comment") with { Editable = false },
        Multi("attachments", "Attachments", "attachment") with { Editable = false },
        Flag("has_attachments", "Has attachments") with { Editable = false },
        Flag("has_comments", "Has comments") with { Editable = false },
        // Kept on the other side (InverseReference): the tests whose covered_content, the branches whose work_items name the item.
        Multi(InverseReference.Tests.Field, "Tests", "test"),
        Multi(InverseReference.Branches.Field, "Branches", "scm_repository"),
    ];

    private static readonly FieldDefinition[] DefectFields =
    [
        Ref("severity", "Severity", "list_node") with { Required = true },
        Ref("defect_type", "Defect type", "list_node"),
        Ref("detected_by", "Detected by", "workspace_user"),
        Ref("detected_in_release", "Detected in release", "release"),
        Text("detected_in_build", "Detected in build"),
        Text("fixed_in_build", "Fixed in build"),
        Ref("reproducibility", "Reproducibility", "list_node"),
        Multi("environment", "Environment", "list_node"),
        Ref("root_cause", "Root cause", "list_node"),
        Ref("resolution", "Resolution", "list_node"),
        new("fixed_on", "Fixed on", FieldTypes.DateTime),
        Text("external_id", "External ID"),
    ];

    private static readonly FieldDefinition[] TestFields =
    [
        Memo("description", "Description"),
        Ref("phase", "Phase", "phase") with { Required = true },
        Ref("owner", "Owner", "workspace_user"),
        Ref("author", "Author", "workspace_user"),
        Multi("product_areas", "Application modules", "product_area"),
        Multi("covered_content", "Backlog coverage", "work_item"),
        Multi("test_type", "Test type", "list_node"),
        Ref("covered_manual_test", "Covered manual test", "test_manual"),
        Ref("automation_status", "Automation status", "list_node"),
        Number("estimated_duration", "Estimated duration"),
        Multi("user_tags", "Tags", "list_node"),
        Text("class_name", "Class name"),
        Text("package", "Package"),
        Multi("comments", "Comments", "comment") with { Editable = false },
        Multi("attachments", "Attachments", "attachment") with { Editable = false },
    ];

    private static readonly FieldDefinition[] RunFields =
    [
        Memo("description", "Description"),
        Ref("status", "Status", "list_node"),
        Ref("native_status", "Native status", "list_node"),
        Ref("test", "Test", "test"),
        Ref("release", "Release", "release"),
        Ref("run_by", "Run by", "workspace_user"),
        new("started", "Started", FieldTypes.DateTime),
        Number("duration", "Duration"),
        Ref("pipeline_run", "Pipeline run", "run_history"),
        Multi("environment", "Environment", "list_node"),
        Multi("comments", "Comments", "comment") with { Editable = false },
    ];

    private static readonly ImmutableArray<TypeDefinition> AllTypes = Build();

    /// <summary>Gets every REST type, aggregates and subtypes included, in a stable order.</summary>
    public static ImmutableArray<TypeDefinition> Types => AllTypes;

    /// <summary>Gets the types by name.</summary>
    public static FrozenDictionary<string, TypeDefinition> ByName { get; } =
        AllTypes.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>A type's label as people read it: <c>quality_story</c> → Quality story; an unknown name as it is.</summary>
    /// <param name="type">The type's REST name.</param>
    public static string TypeLabel(string type) => ByName.TryGetValue(type, out var definition) ? definition.Label : type;

    /// <summary>Gets the types by collection; where an aggregate and its only subtype share one, the aggregate.</summary>
    public static FrozenDictionary<string, TypeDefinition> ByCollection { get; } =
        AllTypes.GroupBy(t => t.Collection, StringComparer.Ordinal).ToFrozenDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

    /// <summary>Gets the phases of each type that has a phase field: (type, logical key, name), first is the initial phase.</summary>
    public static ImmutableArray<(string Type, ImmutableArray<(string Key, string Name)> Phases)> Phases { get; } =
    [
        ("epic", Steps(("new", "New"), ("inprogress", "In Progress"), ("done", "Done"))),
        ("feature", Steps(("new", "New"), ("inprogress", "In Progress"), ("intesting", "In Testing"), ("done", "Done"))),
        ("story", Steps(("new", "New"), ("inprogress", "In Progress"), ("intesting", "In Testing"), ("done", "Done"))),
        ("quality_story", Steps(("new", "New"), ("inprogress", "In Progress"), ("done", "Done"))),
        ("defect", Steps(("new", "New"), ("opened", "Opened"), ("fixed", "Fixed"), ("proposeclose", "Proposed Close"),
            ("closed", "Closed"), ("duplicate", "Duplicate"), ("rejected", "Rejected"), ("deferred", "Deferred"))),
        ("test_manual", Steps(("new", "New"), ("indesign", "In Design"), ("ready", "Ready"), ("deprecated", "Deprecated"))),
        ("gherkin_test", Steps(("new", "New"), ("indesign", "In Design"), ("ready", "Ready"), ("deprecated", "Deprecated"))),
        ("test_automated", Steps(("new", "New"), ("ready", "Ready"), ("deprecated", "Deprecated"))),
        ("test_suite", Steps(("new", "New"), ("indesign", "In Design"), ("ready", "Ready"), ("deprecated", "Deprecated"))),
        ("task", Steps(("new", "New"), ("inprogress", "In Progress"), ("completed", "Completed"))),
        ("requirement_document", Steps(("draft", "Draft"), ("inreview", "In Review"), ("approved", "Approved"))),
    ];

    /// <summary>
    /// Gets the metaphases: the stages phases of several types share (Octane's <c>metaphase.work_item.done</c> is the
    /// done phase of every work item), as (family, (key, name)); logical names are <c>metaphase.&lt;family&gt;.&lt;key&gt;</c>.
    /// </summary>
    public static ImmutableArray<(string Family, ImmutableArray<(string Key, string Name)> Steps)> Metaphases { get; } =
    [
        ("work_item", Steps(("new", "New"), ("inprogress", "In Progress"), ("intesting", "In Testing"), ("done", "Done"))),
        ("task", Steps(("new", "New"), ("inprogress", "In Progress"), ("completed", "Completed"))),
        ("test", Steps(("new", "New"), ("indesign", "In Design"), ("ready", "Ready"), ("deprecated", "Deprecated"))),
        ("requirement", Steps(("draft", "Draft"), ("inreview", "In Review"), ("approved", "Approved"))),
    ];

    /// <summary>The language of the built-in entity labels, as Octane names it.</summary>
    public const string LabelLanguage = "lang.en";

    /// <summary>
    /// Gets the singular and plural labels and initials of each entity type clients show (Octane's <c>entity_labels</c>):
    /// the subtypes and plain types people work with; Octane's own wording where it differs from the type name.
    /// </summary>
    public static ImmutableArray<(string Type, string Name, string Plural, string Initials)> EntityLabels { get; } =
    [
        ("epic", "Epic", "Epics", "E"), ("feature", "Feature", "Features", "F"), ("story", "User Story", "User Stories", "US"),
        ("quality_story", "Quality Story", "Quality Stories", "QS"), ("defect", "Defect", "Defects", "D"), ("task", "Task", "Tasks", "T"),
        ("test_manual", "Manual Test", "Manual Tests", "MT"), ("gherkin_test", "Gherkin Test", "Gherkin Tests", "GT"),
        ("test_automated", "Automated Test", "Automated Tests", "AT"), ("test_suite", "Test Suite", "Test Suites", "TS"),
        ("run_manual", "Manual Run", "Manual Runs", "MR"), ("run_automated", "Automated Run", "Automated Runs", "AR"),
        ("run_suite", "Test Suite Run", "Test Suite Runs", "SR"), ("requirement_document", "Requirement", "Requirements", "R"),
        ("requirement_folder", "Requirement Folder", "Requirement Folders", "RF"), ("pipeline", "Pipeline", "Pipelines", "P"),
        ("pipeline_run", "Pipeline Run", "Pipeline Runs", "PR"), ("release", "Release", "Releases", "RL"), ("sprint", "Sprint", "Sprints", "SP"),
        ("milestone", "Milestone", "Milestones", "M"), ("team", "Team", "Teams", "TM"), ("program", "Program", "Programs", "PG"),
        ("product_area", "Application Module", "Application Modules", "AM"), ("comment", "Comment", "Comments", "C"),
    ];

    /// <summary>The logical name of a type's entity label.</summary>
    public static string EntityLabelLogicalName(string type) => $"entity_label.{type}";

    /// <summary>
    /// Gets the allowed phase changes of each type with phases, as (type, from key, to key, primary): a defect follows
    /// Octane's default defect workflow; every other type moves to its next phase (the primary, suggested move) or back
    /// to the one before.
    /// </summary>
    public static ImmutableArray<(string Type, string From, string To, bool Primary)> Transitions { get; } = BuildTransitions();

    /// <summary>The logical name of a transition.</summary>
    public static string TransitionLogicalName(string type, string from, string to) => $"transition.{type}.{from}.{to}";

    private static ImmutableArray<(string, string, string, bool)> BuildTransitions()
    {
        var transitions = new List<(string, string, string, bool)>
        {
            ("defect", "new", "opened", true), ("defect", "new", "rejected", false), ("defect", "new", "duplicate", false), ("defect", "new", "deferred", false),
            ("defect", "opened", "fixed", true), ("defect", "opened", "rejected", false), ("defect", "opened", "duplicate", false), ("defect", "opened", "deferred", false),
            ("defect", "fixed", "proposeclose", true), ("defect", "fixed", "opened", false),
            ("defect", "proposeclose", "closed", true), ("defect", "proposeclose", "opened", false),
            ("defect", "closed", "opened", true), ("defect", "rejected", "opened", true), ("defect", "duplicate", "opened", true), ("defect", "deferred", "opened", true),
        };
        foreach (var (type, steps) in Phases.Where(p => p.Type != "defect"))
        {
            for (var i = 0; i + 1 < steps.Length; i++)
            {
                transitions.Add((type, steps[i].Key, steps[i + 1].Key, true));
                transitions.Add((type, steps[i + 1].Key, steps[i].Key, false));
            }
        }

        return [.. transitions];
    }

    /// <summary>The logical name of a metaphase.</summary>
    public static string MetaphaseLogicalName(string family, string key) => $"metaphase.{family}.{key}";

    /// <summary>The logical name of the metaphase a built-in phase belongs to.</summary>
    public static string MetaphaseOf(string type, string phaseKey) => type switch
    {
        "task" => MetaphaseLogicalName("task", phaseKey),
        "requirement_document" => MetaphaseLogicalName("requirement", phaseKey),
        "test_manual" or "gherkin_test" or "test_automated" or "test_suite" => MetaphaseLogicalName("test", phaseKey),
        // Work items: a defect's phases fold into the four stages every work item shares.
        _ => MetaphaseLogicalName("work_item", phaseKey switch
        {
            "new" or "deferred" => "new",
            "inprogress" or "opened" => "inprogress",
            "intesting" or "fixed" or "proposeclose" => "intesting",
            _ => "done",
        }),
    };

    /// <summary>Gets the lists: (list key, list name, nodes as (key, name)); logical names are <c>list_node.&lt;list&gt;.&lt;node&gt;</c>.</summary>
    public static ImmutableArray<(string Key, string Name, ImmutableArray<(string Key, string Name)> Nodes)> Lists { get; } =
    [
        ("severity", "Severity", Steps(("urgent", "Urgent"), ("very_high", "Very High"), ("high", "High"), ("medium", "Medium"), ("low", "Low"))),
        ("priority", "Priority", Steps(("urgent", "Urgent"), ("very_high", "Very High"), ("high", "High"), ("medium", "Medium"), ("low", "Low"))),
        ("defect_type", "Defect Type", Steps(("functional", "Functional"), ("ui", "UI"), ("performance", "Performance"), ("security", "Security"))),
        ("reproducibility", "Reproducibility", Steps(("always", "Always"), ("sometimes", "Sometimes"), ("once", "Once"))),
        ("environment", "Environment", Steps(("windows", "Windows"), ("linux", "Linux"), ("macos", "macOS"), ("chrome", "Chrome"), ("firefox", "Firefox"))),
        ("root_cause", "Root Cause", Steps(("code", "Code"), ("requirements", "Requirements"), ("design", "Design"), ("environment", "Environment"))),
        ("resolution", "Resolution", Steps(("fixed", "Fixed"), ("duplicate", "Duplicate"), ("wont_fix", "Won't Fix"), ("cannot_reproduce", "Cannot Reproduce"))),
        ("test_type", "Test Type", Steps(("acceptance", "Acceptance"), ("end_to_end", "End to End"), ("regression", "Regression"), ("sanity", "Sanity"), ("security", "Security"), ("performance", "Performance"))),
        ("automation_status", "Automation Status", Steps(("automated", "Automated"), ("not_automated", "Not Automated"), ("planned", "Planned"))),
        ("run_status", "Run Status", Steps(("passed", "Passed"), ("failed", "Failed"), ("planned", "Planned"), ("skipped", "Skipped"), ("blocked", "Blocked"))),
        ("run_native_status", "Run Native Status", Steps(("passed", "Passed"), ("failed", "Failed"), ("planned", "Planned"), ("skipped", "Skipped"), ("blocked", "Blocked"), ("not_completed", "Not Completed"))),
        ("ci_build_status", "Build Status", Steps(("success", "Success"), ("failure", "Failure"), ("unstable", "Unstable"), ("aborted", "Aborted"))),
        ("scm_commit_pattern_entity_type", "Commit Pattern Entity Type", Steps(("user_story", "User story"), ("defect", "Defect"), ("quality_story", "Quality story"))),
        ("commit_pattern.applies_to", "Commit Pattern Applies To", Steps(("commit", "Commit"), ("branch", "Branch"))),
    ];

    /// <summary>
    /// Gets the commit patterns every workspace starts with, as (applies to, entity type node, pattern): a commit message
    /// names a work item as <c>defect #1005</c>; a branch made for one is named <c>defect_1005-…</c>.
    /// </summary>
    public static ImmutableArray<(string AppliesTo, string EntityType, string Pattern)> CommitPatterns { get; } =
    [
        ("commit", "user_story", @"\buser story\s*#\s*(\d+)"), ("commit", "defect", @"\b(?:defect|bug)\s*#\s*(\d+)"),
        ("commit", "quality_story", @"\bquality story\s*#\s*(\d+)"),
        ("branch", "user_story", @"us_(\d+)"), ("branch", "defect", @"defect_(\d+)"), ("branch", "quality_story", @"qs_(\d+)"),
    ];

    /// <summary>The logical name of a phase.</summary>
    public static string PhaseLogicalName(string type, string key) => $"phase.{type}.{key}";

    /// <summary>The logical name of a list node, or of a list's root when <paramref name="node"/> is null.</summary>
    public static string ListNodeLogicalName(string list, string? node = null) =>
        node is null ? $"list_node.{list}" : $"list_node.{list}.{node}";

    private static ImmutableArray<TypeDefinition> Build()
    {
        var types = new List<TypeDefinition>();
        var tree = EntityTypeTree.Default;

        void Aggregate(string name, string label, Func<string, IEnumerable<FieldDefinition>> fieldsOf)
        {
            var subtypes = tree.SubtypesOf(name);
            var aggregate = tree.TryGet(name, out var entry) ? entry : throw new InvalidOperationException(name);
            var members = subtypes.Select(s => tree.TryGet(s, out var t) ? t : throw new InvalidOperationException(s)).ToList();
            var memberTypes = members.Select(m => new TypeDefinition(m.Name, Labelize(m.Name), m.Collection, [.. SystemFields, SubtypeField, .. fieldsOf(m.Name)])
            {
                StorageType = name,
                Subtype = m.Name,
            }).ToList();
            // The aggregate's fields are the union of its subtypes', in first-seen order.
            var union = memberTypes.SelectMany(m => m.Fields).DistinctBy(f => f.Name).ToImmutableArray();
            types.Add(new TypeDefinition(name, label, aggregate.Collection, union) { StorageType = name, IsAggregate = true, Subtypes = subtypes });
            types.AddRange(memberTypes);
        }

        void Plain(string name, string collection, params FieldDefinition[] fields) =>
            types.Add(new TypeDefinition(name, Labelize(name), collection, [.. SystemFields, .. fields]) { StorageType = name });

        Aggregate("work_item", "Work Item", sub => sub == "defect" ? [.. WorkItemFields, .. DefectFields] : WorkItemFields);
        Aggregate("test", "Test", _ => TestFields);
        Aggregate("run", "Run", _ => RunFields);
        Aggregate("requirement", "Requirement", sub => sub == "requirement_document"
            ? [Memo("description", "Description"), Ref("phase", "Phase", "phase") with { Required = true }, Ref("owner", "Owner", "workspace_user"), Ref("author", "Author", "workspace_user"), Ref("parent", "Parent", "requirement")]
            : [Memo("description", "Description"), Ref("parent", "Parent", "requirement")]);
        Aggregate("run_history", "Pipeline Run", _ =>
        [
            Ref("pipeline", "Pipeline", "pipeline"), Ref("status", "Status", "list_node"), new("started_time", "Started", FieldTypes.DateTime),
            Number("duration", "Duration"), Text("build_number", "Build number"), Ref("release", "Release", "release"),
        ]);

        Plain("pipeline", "pipelines", Memo("description", "Description"), Ref("owner", "Owner", "workspace_user"), Text("url", "URL"),
            Ref("last_run_status", "Last run status", "list_node"));
        Plain("release", "releases", Memo("description", "Description"), new("start_date", "Start date", FieldTypes.DateTime),
            new("end_date", "End date", FieldTypes.DateTime), Ref("owner", "Owner", "workspace_user"),
            Number("sprint_duration", "Sprint duration"), Number("num_of_sprints", "Number of sprints") with { Editable = false });
        Plain("sprint", "sprints", Memo("description", "Description"), Ref("release", "Release", "release"),
            new("start_date", "Start date", FieldTypes.DateTime), new("end_date", "End date", FieldTypes.DateTime));
        Plain("milestone", "milestones", Memo("description", "Description"), new("date", "Date", FieldTypes.DateTime), Ref("release", "Release", "release"));
        Plain("team", "teams", Memo("description", "Description"), Ref("team_lead", "Team lead", "workspace_user"),
            Multi("members", "Members", "workspace_user"), Number("estimated_velocity", "Estimated velocity"),
            Number("number_of_members", "Number of members"), Multi("team_members", "Team members", "workspace_user"),
            Multi("releases", "Releases", "release"));
        Plain("program", "programs", Memo("description", "Description"), Ref("owner", "Owner", "workspace_user"));
        Plain("product_area", "product_areas", Memo("description", "Description"), Ref("parent", "Parent", "product_area"),
            Ref("owner", "Owner", "workspace_user"));
        Plain("task", "tasks", Memo("description", "Description"), Ref("phase", "Phase", "phase") with { Required = true },
            Ref("story", "Story", "work_item"), Ref("owner", "Owner", "workspace_user"), Ref("author", "Author", "workspace_user"),
            Real("estimated_hours", "Estimated hours"), Real("invested_hours", "Invested hours"), Real("remaining_hours", "Remaining hours"));

        // A test's saved versions and a suite's tests, as clients create and query them: no name needed.
        FieldDefinition[] unnamedSystem = [.. SystemFields.Select(f => f.Name == "name" ? f with { Required = false } : f)];
        types.Add(new TypeDefinition("test_version", "Test Version", "test_versions",
            [.. unnamedSystem, Ref("test", "Test", "test") with { Required = true }, Memo("description", "Description"),
             Memo("script", "Script"), Ref("author", "Author", "workspace_user")])
            { StorageType = "test_version" });
        types.Add(new TypeDefinition("test_suite_link_to_test", "Test Suite Link To Test", "test_suite_link_to_tests",
            [.. unnamedSystem,
             Ref("test_suite", "Test suite", "test_suite") with { Required = true }, Ref("test", "Test", "test") with { Required = true },
             Number("execution_order", "Execution order")])
            { StorageType = "test_suite_link_to_test" });

        // Source control as the create-branch app writes it: a repository root, its branches (scm_repository) linked to
        // work items, and the patterns that name work items in commits and branches.
        Plain("scm_repository_root", "scm_repository_roots", Text("url", "URL") with { MaxLength = 2000 }, Number("scm_type", "SCM type"),
            Memo("description", "Description"));
        Plain("scm_repository", "scm_repositories", Ref("repository", "Repository", "scm_repository_root") with { Required = true },
            Multi("work_items", "Work items", "work_item"), Flag("is_merged", "Is merged"), Flag("is_deleted", "Is deleted"),
            Text("last_commit_revision", "Last commit revision"), new("last_commit_time", "Last commit time", FieldTypes.DateTime));
        types.Add(new TypeDefinition("scm_commit_pattern", "SCM Commit Pattern", "scm_commit_patterns",
            [.. unnamedSystem, Text("pattern", "Pattern") with { Required = true, MaxLength = 1000 },
             Ref("entity_type", "Entity type", "list_node") with { Required = true }, Ref("applies_to", "Applies to", "list_node")])
            { StorageType = "scm_commit_pattern" });

        FieldDefinition[] fixedSystem = [.. SystemFields.Select(f => f with { Editable = false })];
        types.Add(new TypeDefinition("work_item_root", "Backlog", "work_item_roots", [.. fixedSystem]) { StorageType = "work_item_root", Writable = false });
        types.Add(new TypeDefinition("phase", "Phase", "phases",
            [.. fixedSystem, Text("logical_name", "Logical name") with { Editable = false, Column = "logical_name" },
             Text("entity", "Entity") with { Editable = false }, Number("index", "Index") with { Editable = false },
             Text("color", "Color") with { Editable = false }, Ref("metaphase", "Metaphase", "metaphase") with { Editable = false }])
            { StorageType = "phase", Writable = false });
        types.Add(new TypeDefinition("metaphase", "Metaphase", "metaphases",
            [.. fixedSystem, Text("logical_name", "Logical name") with { Editable = false, Column = "logical_name" },
             Text("entity", "Entity") with { Editable = false }, Number("index", "Index") with { Editable = false }])
            { StorageType = "metaphase", Writable = false });
        types.Add(new TypeDefinition("entity_label", "Entity Label", "entity_labels",
            [.. fixedSystem, Text("entity_type", "Entity type") with { Editable = false }, Text("language", "Language") with { Editable = false },
             Text("plural_name", "Plural name") with { Editable = false }, Text("name_capitalized", "Name capitalized") with { Editable = false },
             Text("plural_capitalized", "Plural capitalized") with { Editable = false }, Text("initials", "Initials") with { Editable = false }])
            { StorageType = "entity_label", Writable = false });
        types.Add(new TypeDefinition("transition", "Transition", "transitions",
            [.. fixedSystem.Select(f => f.Name == "name" ? f with { Required = false } : f), Text("entity", "Entity") with { Editable = false },
             Ref("source_phase", "Source phase", "phase") with { Editable = false }, Ref("target_phase", "Target phase", "phase") with { Editable = false },
             Flag("is_primary", "Is primary") with { Editable = false }])
            { StorageType = "transition", Writable = false });
        types.Add(new TypeDefinition("list_node", "List Node", "list_nodes",
            [.. fixedSystem, Text("logical_name", "Logical name") with { Editable = false, Column = "logical_name" },
             Ref("list_root", "List root", "list_node") with { Editable = false }, Number("index", "Index") with { Editable = false },
             Number("activity_level", "Activity level") with { Editable = false }]) { StorageType = "list_node", Writable = false });
        types.Add(new TypeDefinition("comment", "Comment", "comments",
        [
            new("id", "ID", FieldTypes.Integer) { Editable = false, Column = "id" },
            new("creation_time", "Creation time", FieldTypes.DateTime) { Editable = false, Column = "creation_time" },
            new("last_modified", "Last modified", FieldTypes.DateTime) { Editable = false, Column = "last_modified" },
            new("version_stamp", "Version stamp", FieldTypes.Integer) { Editable = false, Column = "version_stamp" },
            Memo("text", "Text") with { Required = true },
            Ref("author", "Author", "workspace_user"),
            Ref("owner_work_item", "Work item", "work_item"),
            Ref("owner_test", "Test", "test"),
            Ref("owner_run", "Run", "run"),
        ]) { StorageType = "comment" });
        types.Add(new TypeDefinition("attachment", "Attachment", "attachments",
            [.. SystemFields, Memo("description", "Description"), Number("size", "Size") with { Editable = false },
             Ref("author", "Author", "workspace_user"), Ref("owner_work_item", "Work item", "work_item"), Ref("owner_test", "Test", "test")])
            { StorageType = "attachment" });

        FieldDefinition[] userFields =
        [
            new("id", "ID", FieldTypes.Integer) { Editable = false, Column = "id" },
            new("name", "Login", FieldTypes.String) { Editable = false, MaxLength = 255, Column = "login" },
            new("email", "Email", FieldTypes.String) { Editable = false, MaxLength = 255, Column = "email" },
            new("first_name", "First name", FieldTypes.String) { Editable = false, MaxLength = 255, Column = "first_name" },
            new("last_name", "Last name", FieldTypes.String) { Editable = false, MaxLength = 255, Column = "last_name" },
            new("full_name", "Full name", FieldTypes.String) { Editable = false, MaxLength = 511 },
            new("activity_level", "Activity level", FieldTypes.Integer) { Editable = false },
        ];
        // A workspace user's roles in the workspace, read from its role assignments (WorkspaceRoles.OfWorkspaceUsersAsync), never stored.
        types.Add(new TypeDefinition("workspace_user", "Workspace User", "workspace_users", [.. userFields, Multi("workspace_roles", "Workspace roles", "workspace_role") with { Editable = false }])
            { StorageType = "workspace_user", Writable = false, Storage = EntityStorage.Users });
        types.Add(new TypeDefinition("user", "User", "users", [.. userFields])
            { StorageType = "user", Writable = false, Storage = EntityStorage.Users });
        return [.. types];
    }

    private static ImmutableArray<(string, string)> Steps(params (string, string)[] steps) => [.. steps];

    private static string Labelize(string name) =>
        string.Join(' ', name.Split('_').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w[1..]));

    private static FieldDefinition Text(string name, string label) => new(name, label, FieldTypes.String) { MaxLength = 255 };

    private static FieldDefinition Memo(string name, string label) => new(name, label, FieldTypes.Memo);

    private static FieldDefinition Number(string name, string label) => new(name, label, FieldTypes.Integer);

    private static FieldDefinition Real(string name, string label) => new(name, label, FieldTypes.Float);

    private static FieldDefinition Flag(string name, string label) => new(name, label, FieldTypes.Boolean);

    private static FieldDefinition Ref(string name, string label, params string[] targets) =>
        new(name, label, FieldTypes.Reference) { Targets = [.. targets] };

    private static FieldDefinition Multi(string name, string label, params string[] targets) =>
        new(name, label, FieldTypes.Reference) { Multiple = true, Targets = [.. targets] };
}
