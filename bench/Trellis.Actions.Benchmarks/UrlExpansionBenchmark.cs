using System.Globalization;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using Trellis.Actions.Templates;

namespace Trellis.Actions.Benchmarks;

/// <summary>
/// One launch URL that uses every token once, with 500 selected ids: the compiled template against a straightforward
/// regex expansion that looks values up in a dictionary and escapes them with <see cref="Uri.EscapeDataString(string)"/>.
/// </summary>
public partial class UrlExpansionBenchmark
{
    private const string Source =
        "{octane_url}/ui/?ss={shared_space}&ws={workspace}&login={user_login}&email={user_email}&type={entity_type}" +
        "&id={entity_id}&name={entity.name}&rel={entity.release.name}&b={bundle_url}&d={dialog_id}&p={panel_id}" +
        "&x={xsrf_token}&t={user_identity_token}&q={query}&all={all_selected}&cr={context_release}&cs={context_sprint}" +
        "&cm={context_milestone}&cp={context_program}&cpl={context_pipeline}&cpr={context_pipeline_run}#ids={entity_ids}";

    private const string IdentityToken = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMDAxIn0.c2lnbmF0dXJl-_";

    private UrlTemplate _template = null!;
    private TokenValues _values = null!;
    private Dictionary<string, string> _lookup = null!;
    private string[] _ids = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ids = [.. Enumerable.Range(0, 500).Select(i => (200_000 + i).ToString(CultureInfo.InvariantCulture))];
        _template = UrlTemplate.Compile(Source);
        _values = new TokenValues
        {
            OctaneUrl = "https://alm.example.com",
            SharedSpace = 1001,
            Workspace = 1002,
            UserLogin = "jane.doe@example.com",
            UserEmail = "jane.doe@example.com",
            EntityIds = [.. _ids],
            Entity = FieldValue.OfReference("200000",
            [
                new("name", FieldValue.OfString("Login fails when the password contains & or # — 漢字")),
                new("release", FieldValue.OfReference("3001", [new("name", FieldValue.OfString("Release 1.0"))])),
            ]),
            EntityType = "work_item",
            Query = "\"phase EQ {id EQ 'phase.defect.new'}; release EQ {id EQ 3001}\"",
            InstanceId = "AAECAwQFBgcICQoLDA0ODw",
            XsrfToken = "q1w2e3r4t5y6u7i8o9p0aa",
            MintIdentityToken = static () => IdentityToken,
            ContextRelease = "3001",
            ContextSprint = "3002",
            ContextMilestone = "3003",
            ContextProgram = "3004",
            ContextPipeline = "3005",
            ContextPipelineRun = "3006",
        };
        _lookup = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["octane_url"] = _values.OctaneUrl,
            ["shared_space"] = "1001",
            ["workspace"] = "1002",
            ["user_login"] = _values.UserLogin!,
            ["user_email"] = _values.UserEmail!,
            ["entity_type"] = _values.EntityType!,
            ["entity_id"] = string.Empty,
            ["entity.name"] = _values.Entity.Fields["name"].Text,
            ["entity.release.name"] = "Release 1.0",
            ["bundle_url"] = "https://alm.example.com/api/shared_spaces/1001/external-entity-actions/bundle",
            ["dialog_id"] = _values.InstanceId!,
            ["panel_id"] = _values.InstanceId!,
            ["xsrf_token"] = _values.XsrfToken!,
            ["query"] = _values.Query!,
            ["all_selected"] = "false",
            ["context_release"] = "3001",
            ["context_sprint"] = "3002",
            ["context_milestone"] = "3003",
            ["context_program"] = "3004",
            ["context_pipeline"] = "3005",
            ["context_pipeline_run"] = "3006",
        };

        // Both sides must do the same work: their URLs agree, except that RFC 3986 escapes the query's quotes (%27).
        if (RegexReplace().Replace("%27", "'", StringComparison.Ordinal) != Compiled())
        {
            throw new InvalidOperationException("The baseline and the compiled template disagree.");
        }
    }

    [Benchmark(Baseline = true)]
    public string RegexReplace() => TokenPattern().Replace(Source, match =>
    {
        var name = match.Groups[1].Value;
        return name switch
        {
            "octane_url" or "bundle_url" => _lookup[name],
            "entity_ids" => string.Join(',', _ids.Take(TemplateDefaults.MaxEntityIds).Select(Uri.EscapeDataString)),
            "user_identity_token" => Uri.EscapeDataString(_values.MintIdentityToken!()),
            _ => _lookup.TryGetValue(name, out var value) ? Uri.EscapeDataString(value) : match.Value,
        };
    });

    [Benchmark]
    public string Compiled() => _template.Expand(_values).Url;

    [GeneratedRegex(@"\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\}")]
    private static partial Regex TokenPattern();
}
