using System.Globalization;
using System.Text.Json.Nodes;
using Trellis.Application.Auth;
using Trellis.Application.Entities;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Application.Bootstrap;

/// <summary>
/// Sample content for a new workspace (<c>Trellis:Bootstrap:DemoData</c>): releases, sprints, teams, a dozen
/// users, epics and features with child stories and defects in varied phases and severities, tests, runs and
/// pipeline runs. Dates are relative to the first start so the current release is always current.
/// </summary>
internal static class DemoData
{
    private static readonly string[] People =
    [
        "Alice Martin", "Bruno Keller", "Chen Wei", "Dana Cohen", "Elif Yilmaz", "Farid Haddad",
        "Grace Okafor", "Hiro Tanaka", "Ines Duarte", "Jonas Berg", "Kavya Rao", "Liam Walsh",
    ];

    public static async Task AddAsync(TrellisDbContext db, long sharedSpaceId, long workspaceId, long adminId,
        IReadOnlyDictionary<string, long> ids, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var types = BuiltInSchema.ByName;

        var users = People.Select(person =>
        {
            var parts = person.Split(' ');
            var login = $"{parts[0].ToLowerInvariant()}.{parts[1].ToLowerInvariant()}@trellis.local";
            return new User { SharedSpaceId = sharedSpaceId, Login = login, Email = login, FirstName = parts[0], LastName = parts[1], PasswordHash = "", CreatedAt = now };
        }).ToList();
        db.Users.AddRange(users);
        await db.SaveChangesAsync(cancellationToken);
        db.RoleAssignments.AddRange(users.Select(u => new RoleAssignment { UserId = u.Id, Role = Roles.Member, SharedSpaceId = sharedSpaceId, WorkspaceId = workspaceId }));
        long User(int index) => users[index % users.Count].Id;

        EntityRecord Add(string type, string name, JsonObject fields)
        {
            var definition = types[type];
            if (definition.Fields.Any(f => f.Name == "author") && !fields.ContainsKey("author"))
            {
                fields["author"] = adminId;
            }

            var record = EntityRecords.New(workspaceId, definition, name, fields, now);
            db.Entities.Add(record);
            return record;
        }

        string Date(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        long Phase(string type, string key) => ids[BuiltInSchema.PhaseLogicalName(type, key)];
        long Node(string list, string key) => ids[BuiltInSchema.ListNodeLogicalName(list, key)];

        var releases = new[]
        {
            Add("release", "Release 1.0", new() { ["start_date"] = Date(today.AddDays(-120)), ["end_date"] = Date(today.AddDays(-31)), ["description"] = "<p>The first public release.</p>" }),
            Add("release", "Release 2.0", new() { ["start_date"] = Date(today.AddDays(-30)), ["end_date"] = Date(today.AddDays(30)), ["description"] = "<p>The current release.</p>" }),
            Add("release", "Release 3.0", new() { ["start_date"] = Date(today.AddDays(31)), ["end_date"] = Date(today.AddDays(120)) }),
        };
        var areas = new[] { "Authentication", "Billing", "Reporting" }
            .Select((name, i) => Add("product_area", name, new() { ["owner"] = User(i) })).ToArray();
        var pipelines = new[] { "main-build", "nightly-regression" }
            .Select((name, i) => Add("pipeline", name, new() { ["owner"] = User(i + 3), ["url"] = $"https://ci.example.com/job/{name}" })).ToArray();
        await db.SaveChangesAsync(cancellationToken);

        var sprints = new[]
        {
            Add("sprint", "Sprint 2.1", new() { ["release"] = releases[1].Id, ["start_date"] = Date(today.AddDays(-30)), ["end_date"] = Date(today.AddDays(-1)) }),
            Add("sprint", "Sprint 2.2", new() { ["release"] = releases[1].Id, ["start_date"] = Date(today), ["end_date"] = Date(today.AddDays(30)) }),
            Add("sprint", "Sprint 3.1", new() { ["release"] = releases[2].Id, ["start_date"] = Date(today.AddDays(31)), ["end_date"] = Date(today.AddDays(75)) }),
            Add("sprint", "Sprint 3.2", new() { ["release"] = releases[2].Id, ["start_date"] = Date(today.AddDays(76)), ["end_date"] = Date(today.AddDays(120)) }),
        };
        Add("milestone", "Beta", new() { ["release"] = releases[1].Id, ["date"] = Date(today.AddDays(14)) });
        var teams = new[]
        {
            Add("team", "Team Phoenix", new() { ["team_lead"] = User(0), ["members"] = Ids(User(0), User(1), User(2), User(3), User(4)), ["estimated_velocity"] = 30 }),
            Add("team", "Team Atlas", new() { ["team_lead"] = User(5), ["members"] = Ids(User(5), User(6), User(7), User(8)), ["estimated_velocity"] = 24 }),
        };
        var root = ids[WorkspaceSeeder.RootLogicalName];
        var epics = new[] { "Self-service accounts", "Insightful reporting" }
            .Select(name => Add("epic", name, new() { ["parent"] = root, ["phase"] = Phase("epic", "inprogress") })).ToArray();
        await db.SaveChangesAsync(cancellationToken);

        string[] featureNames = ["Single sign-on", "Password reset", "Scheduled reports", "Export to CSV"];
        string[] featurePhases = ["inprogress", "done", "new", "intesting"];
        var features = featureNames.Select((name, i) => Add("feature", name, new()
        {
            ["parent"] = epics[i / 2].Id,
            ["phase"] = Phase("feature", featurePhases[i]),
            ["release"] = releases[1].Id,
            ["team"] = teams[i % 2].Id,
            ["owner"] = User(i),
            ["product_areas"] = Ids(areas[i / 2 * 2 % areas.Length].Id),
            ["story_points"] = 8 + (i * 5),
            ["description"] = $"<p>{name} for every workspace.</p>",
        })).ToArray();
        await db.SaveChangesAsync(cancellationToken);

        string[] storyPhases = ["new", "inprogress", "intesting", "done"];
        var stories = features.SelectMany((feature, f) => new[] { "backend", "UI" }.Select((part, s) => Add("story", $"{feature.Name}: {part}", new()
        {
            ["parent"] = feature.Id,
            ["phase"] = Phase("story", storyPhases[((f * 2) + s) % storyPhases.Length]),
            ["release"] = releases[1].Id,
            ["sprint"] = sprints[s].Id,
            ["team"] = teams[f % 2].Id,
            ["owner"] = User((f * 2) + s),
            ["story_points"] = 2 + s + f,
        }))).ToArray();
        Add("quality_story", "Harden sign-in against brute force", new() { ["parent"] = features[0].Id, ["phase"] = Phase("quality_story", "new"), ["release"] = releases[1].Id });

        string[] defectNames =
        [
            "Login fails with a plus sign in the e-mail", "Reset link expires too early", "Report totals off by one cent",
            "CSV export drops the last row", "SSO button misaligned on mobile", "Session ends while typing a comment",
            "Scheduled report sent twice", "Export ignores the date filter", "Error page shows a stack trace", "Slow search on large workspaces",
        ];
        string[] severities = ["urgent", "very_high", "high", "medium", "low"];
        string[] defectPhases = ["new", "opened", "fixed", "closed", "new", "opened", "proposeclose", "rejected", "deferred", "opened"];
        _ = defectNames.Select((name, i) => Add("defect", name, new()
        {
            ["parent"] = features[i % features.Length].Id,
            ["phase"] = Phase("defect", defectPhases[i]),
            ["severity"] = Node("severity", severities[i % severities.Length]),
            ["priority"] = Node("priority", severities[(i + 2) % severities.Length]),
            ["release"] = releases[i < 3 ? 0 : 1].Id,
            ["detected_in_release"] = releases[i < 3 ? 0 : 1].Id,
            ["owner"] = User(i + 1),
            ["detected_by"] = User(i + 4),
            ["team"] = teams[i % 2].Id,
            ["environment"] = Ids(Node("environment", i % 2 == 0 ? "chrome" : "linux")),
            ["description"] = $"<p>Steps to reproduce: {name.ToLowerInvariant()}.</p>",
        })).ToArray();
        await db.SaveChangesAsync(cancellationToken);

        for (var i = 0; i < 3; i++)
        {
            Add("task", $"Write tests for {stories[i].Name}", new() { ["story"] = stories[i].Id, ["phase"] = Phase("task", i == 0 ? "completed" : "new"), ["owner"] = User(i), ["estimated_hours"] = 4.5 });
        }

        var tests = new[]
        {
            Add("test_manual", "Sign in with a valid password", new() { ["phase"] = Phase("test_manual", "ready"), ["covered_content"] = Ids(features[0].Id), ["product_areas"] = Ids(areas[0].Id) }),
            Add("test_manual", "Reset a forgotten password", new() { ["phase"] = Phase("test_manual", "indesign"), ["covered_content"] = Ids(features[1].Id) }),
            Add("test_manual", "Export a report to CSV", new() { ["phase"] = Phase("test_manual", "new"), ["covered_content"] = Ids(features[3].Id) }),
            Add("gherkin_test", "Scheduled report delivery", new() { ["phase"] = Phase("gherkin_test", "ready"), ["covered_content"] = Ids(features[2].Id) }),
            Add("test_automated", "AuthenticationTests.SignIn", new() { ["phase"] = Phase("test_automated", "ready"), ["class_name"] = "AuthenticationTests", ["package"] = "app.auth" }),
            Add("test_automated", "ExportTests.Csv", new() { ["phase"] = Phase("test_automated", "ready"), ["class_name"] = "ExportTests", ["package"] = "app.reports" }),
        };
        Add("test_suite", "Release 2.0 regression", new() { ["phase"] = Phase("test_suite", "ready") });
        string[] buildStatuses = ["success", "failure", "success", "unstable", "success"];
        var pipelineRuns = buildStatuses.Select((status, i) => Add("pipeline_run", $"{pipelines[i % 2].Name} #{100 + i}", new()
        {
            ["pipeline"] = pipelines[i % 2].Id,
            ["status"] = Node("ci_build_status", status),
            ["started_time"] = Date(now.AddHours(-(5 - i) * 6)),
            ["duration"] = 300 + (i * 42),
            ["build_number"] = (100 + i).ToString(CultureInfo.InvariantCulture),
            ["release"] = releases[1].Id,
        })).ToArray();
        await db.SaveChangesAsync(cancellationToken);

        Add("run_manual", "Sign in with a valid password", new() { ["test"] = tests[0].Id, ["status"] = Node("run_status", "passed"), ["native_status"] = Node("run_native_status", "passed"), ["release"] = releases[1].Id, ["run_by"] = User(2), ["started"] = Date(now.AddDays(-2)) });
        Add("run_manual", "Reset a forgotten password", new() { ["test"] = tests[1].Id, ["status"] = Node("run_status", "failed"), ["native_status"] = Node("run_native_status", "failed"), ["release"] = releases[1].Id, ["run_by"] = User(3), ["started"] = Date(now.AddDays(-1)) });
        Add("run_automated", "AuthenticationTests.SignIn", new() { ["test"] = tests[4].Id, ["status"] = Node("run_status", "passed"), ["native_status"] = Node("run_native_status", "passed"), ["pipeline_run"] = pipelineRuns[4].Id, ["duration"] = 12 });
        Add("run_automated", "ExportTests.Csv", new() { ["test"] = tests[5].Id, ["status"] = Node("run_status", "failed"), ["native_status"] = Node("run_native_status", "failed"), ["pipeline_run"] = pipelineRuns[3].Id, ["duration"] = 31 });
        await db.SaveChangesAsync(cancellationToken);
    }

    private static JsonArray Ids(params long[] ids) => [.. ids.Select(id => (JsonNode)id)];
}
