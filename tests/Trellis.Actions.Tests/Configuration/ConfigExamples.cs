using System.Globalization;
using System.Text.RegularExpressions;
using Trellis.Actions.Configuration;
using Trellis.Actions.Diagnostics;

namespace Trellis.Actions.Tests.Configuration;

/// <summary>
/// The example documents shared by the validator tests and the schema agreement test. In each invalid example
/// the caret <c>‸</c> marks where the diagnostic must point (it is removed before parsing).
/// </summary>
public static class ConfigExamples
{
    public const char Caret = '‸';

    // The required properties of a valid defect action, and a valid url.
    private const string C = "\"name\":\"a\",\"title\":\"A\",\"entity_type\":[\"defect\"],\"views\":[\"list\"]";
    private const string U = "\"url\":\"https://app.example/\"";
    private const string Panel = "\"mode\":{\"name\":\"side_panel\",\"modules\":[\"backlog\"]}";
    private const string PromptChip = "\"mode\":{\"name\":\"aviator_chat\",\"prompt\":\"Summarise\"}";
    private const string FileChip = "\"mode\":{\"name\":\"aviator_chat\"}";

    private const string Policy = "the protocol list is a site parameter, not part of the schema";

    private const DiagnosticSeverity E = DiagnosticSeverity.Error;
    private const DiagnosticSeverity W = DiagnosticSeverity.Warning;

    /// <summary>
    /// code, severity, pointer, document (with the caret), format, and why the schema cannot agree ("" when it must).
    /// Each document yields exactly this one diagnostic.
    /// </summary>
    public static TheoryData<string, DiagnosticSeverity, string, string, ConfigFormat, string> Invalid => new()
    {
        // XA1001: the schema evaluator cannot even read these documents.
        { "XA1001", E, "", """[{"name":"a",‸"name":"b"}]""", ConfigFormat.Editor, "not JSON" },
        { "XA1001", E, "", """[{"x":{"y":1,‸"y":2}}]""", ConfigFormat.Editor, "not JSON" },
        { "XA1001", E, "", """[{"n\u0061me":"a",‸"name":"b"}]""", ConfigFormat.Editor, "not JSON" },
        { "XA1001", E, "", "[1,\n ‸// note\n 2]", ConfigFormat.Editor, "not JSON" },
        { "XA1001", E, "", "[1,\n 2,\n‸]", ConfigFormat.Editor, "not JSON" },
        { "XA1001", E, "", "‸", ConfigFormat.Editor, "not JSON" },
        { "XA1001", E, "", "[] ‸[]", ConfigFormat.Editor, "not JSON" },
        { "XA1001", E, "", """[{"name":‸"\ud800"}]""", ConfigFormat.Editor, "not JSON" },
        { "XA1001", E, "", """{"mode":{"name":"side_panel",‸"name":"x"}}""", ConfigFormat.Bundle, "not JSON" },

        { "XA1002", E, "", """‸{"name":"a"}""", ConfigFormat.Editor, "" },
        { "XA1002", E, "", """  ‸"actions" """, ConfigFormat.Editor, "" },
        { "XA1003", E, "", "‸[]", ConfigFormat.Bundle, "" },
        { "XA1003", E, "", "‸42", ConfigFormat.Bundle, "" },
        { "XA1004", E, "/0", "[‸5]", ConfigFormat.Editor, "" },
        { "XA1004", E, "/1", X("""[{@C,@U},‸"b"]"""), ConfigFormat.Editor, "" },

        { "XA1006", W, "/0/colour", X("""[{@C,@U,‸"colour":"red"}]"""), ConfigFormat.Editor, "" },
        { "XA1006", W, "/0/a~1b~0c", X("""[{@C,@U,‸"a/b~c":{"deep":[1]}}]"""), ConfigFormat.Editor, "" },
        { "XA1006", W, "/0/mode/size", X("""[{@C,@U,"mode":{"name":"side_panel","modules":["backlog"],‸"size":3}}]"""), ConfigFormat.Editor, "" },
        { "XA1006", W, "/colour", X("""{@C,@U,‸"colour":"red"}"""), ConfigFormat.Bundle, "" },

        { "XA1101", E, "/0/name", X("""[‸{"title":"A","entity_type":["defect"],"views":["list"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1101", E, "/0/name", X("""[{"name":‸5,"title":"A","entity_type":["defect"],"views":["list"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1101", E, "/0/name", X("""[{"name":‸"","title":"A","entity_type":["defect"],"views":["list"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1102", E, "/1/name", X("""[{@C,@U},{"name":‸"A","title":"B","entity_type":["story"],"views":["list"],@U}]"""), ConfigFormat.Editor, "names are unique ignoring case, which no schema keyword expresses" },
        { "XA1103", E, "/0/name", X("""[{"name":‸"-a","title":"A","entity_type":["defect"],"views":["list"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1103", E, "/0/name", X("""[{"name":‸"my action","title":"A","entity_type":["defect"],"views":["list"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1103", E, "/0/name", X("""[{"name":‸"History","title":"A","entity_type":["defect"],"views":["list"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1103", E, "/0/name", X("""[{"name":‸"@rep(n,101)","title":"A","entity_type":["defect"],"views":["list"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1103", E, "/name", X("""{"name":‸"bundles","title":"A","entity_type":["defect"],"views":["list"],@U}"""), ConfigFormat.Bundle, "" },

        { "XA1201", E, "/0/title", X("""[‸{"name":"a","entity_type":["defect"],"views":["list"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1201", E, "/0/title", X("""[{"name":"a","title":‸"","entity_type":["defect"],"views":["list"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1201", E, "/0/title", X("""[{"name":"a","title":‸null,"entity_type":["defect"],"views":["list"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1201", E, "/0/title", X("""[{"name":"a","title":‸"@rep(t,201)","entity_type":["defect"],"views":["list"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1203", W, "/0/icon", X("""[{@C,@U,"icon":‸"star"}]"""), ConfigFormat.Editor, "" },
        { "XA1204", E, "/0/icon", X("""[{@C,@U,"icon":‸1}]"""), ConfigFormat.Editor, "" },
        { "XA1204", E, "/0/tooltip", X("""[{@C,@U,"tooltip":‸false}]"""), ConfigFormat.Editor, "" },
        { "XA1204", E, "/0/tooltip", X("""[{@C,@U,"tooltip":‸"@rep(h,501)"}]"""), ConfigFormat.Editor, "" },

        { "XA1301", E, "/0/entity_type", X("""[‸{"name":"a","title":"A","views":["list"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1301", E, "/0/entity_type", X("""[{"name":"a","title":"A","entity_type":‸[],"views":["list"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1301", E, "/0/entity_type", X("""[{"name":"a","title":"A","entity_type":‸"defect","views":["list"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1302", E, "/0/entity_type/1", X("""[{"name":"a","title":"A","entity_type":["defect",‸{"type":"story"}],"views":["list"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1303", E, "/0/entity_type/1", X("""[{"name":"a","title":"A","entity_type":["defect",‸"Defect"],"views":["list"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1303", E, "/0/entity_type/0", X("""[{"name":"a","title":"A","entity_type":[‸"phase"],"views":["list"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1303", E, "/0/entity_type/0", X("""[{"name":"a","title":"A","entity_type":[‸"defects"],"views":["list"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1304", W, "/0/entity_type/1", X("""[{"name":"a","title":"A","entity_type":["defect",‸"defect"],"views":["list"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1304", W, "/0/entity_type/1", X("""[{"name":"a","title":"A","entity_type":["work_item",‸"story"],"views":["list"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1304", W, "/0/entity_type/0", X("""[{"name":"a","title":"A","entity_type":[‸"test_manual","test"],"views":["list"],@U}]"""), ConfigFormat.Editor, "" },

        { "XA1401", E, "/0/views", X("""[‸{"name":"a","title":"A","entity_type":["defect"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1401", E, "/0/views", X("""[{"name":"a","title":"A","entity_type":["defect"],"views":‸[],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1401", E, "/0/views", X("""[{"name":"a","title":"A","entity_type":["defect"],"views":‸"list",@U}]"""), ConfigFormat.Editor, "" },
        { "XA1402", E, "/0/views/1", X("""[{"name":"a","title":"A","entity_type":["defect"],"views":["list",‸"grid"],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1402", E, "/0/views/0", X("""[{"name":"a","title":"A","entity_type":["defect"],"views":[‸true],@U}]"""), ConfigFormat.Editor, "" },
        { "XA1403", W, "/0/views/2", X("""[{"name":"a","title":"A","entity_type":["defect"],"views":["list","details",‸"list"],@U}]"""), ConfigFormat.Editor, "" },

        { "XA1501", E, "/0", X("""[‸{@C}]"""), ConfigFormat.Editor, "" },
        { "XA1501", E, "/0", X("""[‸{@C,@Panel}]"""), ConfigFormat.Editor, "" },
        { "XA1501", E, "", X("""‸{@C}"""), ConfigFormat.Bundle, "" },
        { "XA1502", E, "/0/url", X("""[{@C,"url":‸""}]"""), ConfigFormat.Editor, "" },
        { "XA1502", E, "/0/url", X("""[{@C,"url":‸["https://app.example/"]}]"""), ConfigFormat.Editor, "" },
        { "XA1502", E, "/0/url", X("""[{@C,"url":‸"https://app.example/@rep(u,4077)"}]"""), ConfigFormat.Editor, "" },
        { "XA1503", E, "/0/url", X("""[{@C,"url":‸"javascript:alert(1)"}]"""), ConfigFormat.Editor, "" },
        { "XA1503", E, "/0/url", X("""[{@C,"url":‸"Data:text/html,hi"}]"""), ConfigFormat.Editor, "" },
        { "XA1503", E, "/0/url", X("""[{@C,"url":‸"ftp://files.example/a"}]"""), ConfigFormat.Editor, Policy },
        { "XA1503", E, "/url", X("""{@C,"url":‸"td://alm.example/qcbin"}"""), ConfigFormat.Bundle, Policy },
        { "XA1504", E, "/0/url", X("""[{@C,"url":‸"www.example.com/app"}]"""), ConfigFormat.Editor, "" },
        { "XA1504", E, "/0/url", X("""[{@C,"url":‸"/relative/app"}]"""), ConfigFormat.Editor, "" },
        { "XA1504", E, "/0/url", X("""[{@C,"url":‸"{entity_ids}&shared_space={shared_space}"}]"""), ConfigFormat.Editor, "" },
        { "XA1504", E, "/0/url", X("""[{@C,"url":‸"{workspace}/app"}]"""), ConfigFormat.Editor, "" },
        { "XA1505", W, "/0/url", X("""[{@C,"url":‸"https://app.example/?a={foo}&b={foo}&c={\"json\":1}"}]"""), ConfigFormat.Editor, "" },
        { "XA1506", W, "/0/url", X("""[{@C,"url":‸"https://app.example/?id={entity_id}&n={entity.name}"}]"""), ConfigFormat.Editor, "" },
        { "XA1507", W, "/0/url", X("""[{@C,"url":‸"https://app.example/?n={entity.release.owner.name}"}]"""), ConfigFormat.Editor, "" },
        { "XA1508", E, "/0/url", X("""[{@C,"dialog":"small","url":‸"mailto:team@example.com"}]"""), ConfigFormat.Editor, "" },
        { "XA1508", E, "/0/url", X("""[{@C,@Panel,"url":‸"mailto:team@example.com"}]"""), ConfigFormat.Editor, "" },
        { "XA1511", W, "/0/url", X("""[{@C,@Panel,"url":‸"https://app.example/?ids={entity_ids}&ids2={entity_ids}#t={entity_type}"}]"""), ConfigFormat.Editor, "" },
        { "XA1512", W, "/0/url", X("""[{@C,"url":‸"https://app.example/?d={dialog_id}"}]"""), ConfigFormat.Editor, "" },
        { "XA1512", W, "/0/url", X("""[{@C,"url":‸"{bundle_url}/p.txt?p={panel_id}",@FileChip}]"""), ConfigFormat.Editor, "" },
        { "XA1512", W, "/0/url", X("""[{@C,"dialog":"large","url":‸"https://app.example/?p={context_pipeline}"}]"""), ConfigFormat.Editor, "" },
        { "XA1512", W, "/0/url", X("""[{@C,@Panel,"url":‸"https://app.example/?r={context_pipeline_run}"}]"""), ConfigFormat.Editor, "" },
        { "XA1514", W, "/0/url", X("""[{@C,"url":‸"http://<appUrl>:<appPort>/app?id={entity_ids}"}]"""), ConfigFormat.Editor, "" },
        { "XA1514", W, "/0/url", X("""[{@C,"dialog":"small","url":‸"https://app.example:99999/"}]"""), ConfigFormat.Editor, "" },
        { "XA1514", W, "/0/url", X("""[{@C,"url":‸"https://app.example:{workspace}x/"}]"""), ConfigFormat.Editor, "" },
        { "XA1514", W, "/url", X("""{@C,"url":‸"https://YOUR HOST/"}"""), ConfigFormat.Bundle, "" },

        { "XA1601", E, "/0/single_entity", X("""[{@C,@U,"single_entity":‸"true"}]"""), ConfigFormat.Editor, "" },
        { "XA1601", E, "/0/events", X("""[{@C,@U,"events":‸1}]"""), ConfigFormat.Editor, "" },
        { "XA1603", E, "/0/dialog", X("""[{@C,@U,"dialog":‸"huge"}]"""), ConfigFormat.Editor, "" },
        { "XA1603", E, "/0/dialog", X("""[{@C,@U,"dialog":‸"Small"}]"""), ConfigFormat.Editor, "" },
        { "XA1604", E, "/0/dialog", X("""[{@C,@U,@Panel,"dialog":‸"small"}]"""), ConfigFormat.Editor, "" },
        { "XA1604", E, "/0/dialog", X("""[{@C,@PromptChip,"dialog":‸"large"}]"""), ConfigFormat.Editor, "" },
        { "XA1605", W, "/0/events", X("""[{@C,@PromptChip,"events":‸true}]"""), ConfigFormat.Editor, "" },

        { "XA1701", E, "/0/exclude_workspaces", X("""[{@C,@U,"workspaces":[1002],"exclude_workspaces":‸[1003]}]"""), ConfigFormat.Editor, "" },
        { "XA1702", E, "/0/workspaces", X("""[{@C,@U,"workspaces":‸1002}]"""), ConfigFormat.Editor, "" },
        { "XA1702", E, "/0/workspaces/1", X("""[{@C,@U,"workspaces":[1002,‸0]}]"""), ConfigFormat.Editor, "" },
        { "XA1702", E, "/0/workspaces/0", X("""[{@C,@U,"workspaces":[‸-1002]}]"""), ConfigFormat.Editor, "" },
        { "XA1702", E, "/0/workspaces/0", X("""[{@C,@U,"workspaces":[‸1002.5]}]"""), ConfigFormat.Editor, "" },
        { "XA1702", E, "/0/exclude_workspaces/0", X("""[{@C,@U,"exclude_workspaces":[‸"ws-1"]}]"""), ConfigFormat.Editor, "" },
        { "XA1702", E, "/0/exclude_workspaces/1", X("""[{@C,@U,"exclude_workspaces":[1002,‸null]}]"""), ConfigFormat.Editor, "" },
        { "XA1702", E, "/0/workspaces/0", X("""[{@C,@U,"workspaces":[‸"0"]}]"""), ConfigFormat.Editor, "" },
        { "XA1703", W, "/0/workspaces", X("""[{@C,@U,"workspaces":‸[]}]"""), ConfigFormat.Editor, "" },
        { "XA1704", W, "/0/workspaces/1", X("""[{@C,@U,"workspaces":[1002,‸"1004"]}]"""), ConfigFormat.Editor, "" },
        { "XA1705", W, "/0/exclude_workspaces/1", X("""[{@C,@U,"exclude_workspaces":[1002,‸1002]}]"""), ConfigFormat.Editor, "" },

        { "XA1801", E, "/0/mode", X("""[{@C,@U,"mode":‸"side_panel"}]"""), ConfigFormat.Editor, "" },
        { "XA1801", E, "/0/mode", X("""[{@C,@U,"mode":‸null}]"""), ConfigFormat.Editor, "" },
        { "XA1802", E, "/0/mode/name", X("""[{@C,@U,"mode":‸{"modules":["backlog"]}}]"""), ConfigFormat.Editor, "" },
        { "XA1802", E, "/0/mode/name", X("""[{@C,@U,"mode":{"name":‸"sidebar"}}]"""), ConfigFormat.Editor, "" },
        { "XA1802", E, "/0/mode/name", X("""[{@C,@U,"mode":{"name":‸["side_panel"]}}]"""), ConfigFormat.Editor, "" },
        { "XA1803", E, "/0/mode/modules", X("""[{@C,@U,"mode":‸{"name":"side_panel"}}]"""), ConfigFormat.Editor, "" },
        { "XA1803", E, "/0/mode/modules", X("""[{@C,@U,"mode":{"name":"side_panel","modules":‸[]}}]"""), ConfigFormat.Editor, "" },
        { "XA1803", E, "/0/mode/modules", X("""[{@C,@U,"mode":{"name":"side_panel","modules":‸"backlog"}}]"""), ConfigFormat.Editor, "" },
        { "XA1803", E, "/0/mode/modules", X("""[{@C,@U,"mode":{"name":"side_panel","modules":‸["backlog",7]}}]"""), ConfigFormat.Editor, "" },
        { "XA1805", W, "/0/mode/modules/1", X("""[{@C,@U,"mode":{"name":"side_panel","modules":["backlog",‸"kanban"]}}]"""), ConfigFormat.Editor, "" },
        { "XA1806", E, "/0/mode/prompt", X("""[{@C,"mode":{"name":"aviator_chat","prompt":‸""}}]"""), ConfigFormat.Editor, "" },
        { "XA1806", E, "/0/mode/prompt", X("""[{@C,"mode":{"name":"aviator_chat","prompt":‸["a"]}}]"""), ConfigFormat.Editor, "" },
        { "XA1807", E, "/0/mode/prompt", X("""[{@C,"mode":{"name":"aviator_chat","prompt":‸"@rep(p,1501)"}}]"""), ConfigFormat.Editor, "" },
        { "XA1808", E, "/0", X("""[‸{@C,"url":"{bundle_url}/p.txt",@PromptChip}]"""), ConfigFormat.Editor, "" },
        { "XA1808", E, "/0", X("""[‸{@C,@FileChip}]"""), ConfigFormat.Editor, "" },
        { "XA1808", E, "", X("""‸{@C,@FileChip}"""), ConfigFormat.Bundle, "" },
        { "XA1809", W, "/0/mode/modules", X("""[{@C,"mode":{"name":"aviator_chat","prompt":"Go","modules":‸["backlog"]}}]"""), ConfigFormat.Editor, "" },
        { "XA1809", W, "/0/mode/prompt", X("""[{@C,@U,"mode":{"name":"side_panel","modules":["backlog"],"prompt":‸5}}]"""), ConfigFormat.Editor, "" },
        { "XA1810", E, "/0/url", X("""[{@C,"url":‸"https://app.example/prompt.txt",@FileChip}]"""), ConfigFormat.Editor, "" },
        { "XA1810", E, "/0/url", X("""[{@C,"url":‸"{bundle_url}prompt.txt",@FileChip}]"""), ConfigFormat.Editor, "" },
        { "XA1810", E, "/url", X("""{@C,"url":‸"{octane_url}/prompt.txt",@FileChip}"""), ConfigFormat.Bundle, "" },
    };

    /// <summary>code, a document just inside that code's rule (no diagnostic at all), format.</summary>
    public static TheoryData<string, string, ConfigFormat> Valid => new()
    {
        { "XA1001", "[]", ConfigFormat.Editor },
        { "XA1001", X("""[{"n\u0061me":"a","title":"A \"quoted\" \u00e9","entity_type":["defect"],"views":["list"],@U}]"""), ConfigFormat.Editor },
        { "XA1002", " \r\n\t[ ]\n", ConfigFormat.Editor },
        { "XA1003", X("""{@C,@U}"""), ConfigFormat.Bundle },
        { "XA1004", X("""[{@C,@U},{"name":"b","title":"B","entity_type":["story"],"views":["details"],@U}]"""), ConfigFormat.Editor },
        { "XA1006", X("""[{@C,@U,"icon":"rss","single_entity":true,"events":true,"dialog":"small","workspaces":[1002],"tooltip":"T","guid":"0f8fad5b-d9cb-469f-a165-70867728950e","bundle_guid":"7c9e6679-7425-40de-944b-e07fc1f90ae7"}]"""), ConfigFormat.Editor },
        { "XA1101", X("""[{"name":"A1_b.c-d","title":"A","entity_type":["defect"],"views":["list"],@U}]"""), ConfigFormat.Editor },
        { "XA1102", X("""[{@C,@U},{"name":"a2","title":"A","entity_type":["defect"],"views":["list"],@U}]"""), ConfigFormat.Editor },
        { "XA1103", X("""[{"name":"@rep(n,100)","title":"A","entity_type":["defect"],"views":["list"],@U}]"""), ConfigFormat.Editor },
        { "XA1103", X("""[{"name":"bundle-x","title":"A","entity_type":["defect"],"views":["list"],@U}]"""), ConfigFormat.Editor },
        { "XA1201", X("""[{"name":"a","title":"@rep(t,200)","entity_type":["defect"],"views":["list"],@U}]"""), ConfigFormat.Editor },
        { "XA1203", X("""[{@C,@U,"icon":"type-pipeline"}]"""), ConfigFormat.Editor },
        { "XA1204", X("""[{@C,@U,"icon":"external-link","tooltip":"@rep(h,500)"}]"""), ConfigFormat.Editor },
        { "XA1301", X("""[{"name":"a","title":"A","entity_type":["release"],"views":["list"],@U}]"""), ConfigFormat.Editor },
        { "XA1302", X("""[{"name":"a","title":"A","entity_type":["run_history","product_area"],"views":["list"],@U}]"""), ConfigFormat.Editor },
        { "XA1303", X("""[{"name":"a","title":"A","entity_type":["work_item","test","run","requirement","task"],"views":["list"],@U}]"""), ConfigFormat.Editor },
        { "XA1304", X("""[{"name":"a","title":"A","entity_type":["story","defect","test_manual"],"views":["list"],@U}]"""), ConfigFormat.Editor },
        { "XA1401", X("""[{"name":"a","title":"A","entity_type":["defect"],"views":["details"],@U}]"""), ConfigFormat.Editor },
        { "XA1402", X("""[{"name":"a","title":"A","entity_type":["defect"],"views":["details","list"],@U}]"""), ConfigFormat.Editor },
        { "XA1403", X("""[{"name":"a","title":"A","entity_type":["defect"],"views":["list","details"],@U}]"""), ConfigFormat.Editor },
        { "XA1501", X("""[{@C,@PromptChip}]"""), ConfigFormat.Editor },
        { "XA1502", X("""[{@C,"url":"https://app.example/@rep(u,4076)"}]"""), ConfigFormat.Editor },
        { "XA1503", X("""[{@C,"url":"mailto:team@example.com?subject={entity_ids}"}]"""), ConfigFormat.Editor },
        { "XA1503", X("""[{@C,"url":"HTTPS://APP.EXAMPLE/"}]"""), ConfigFormat.Editor },
        { "XA1504", X("""[{@C,"url":"{octane_url}/ui/?p={workspace}"}]"""), ConfigFormat.Editor },
        { "XA1504", X("""[{@C,"url":"{bundle_url}/app/index.html"}]"""), ConfigFormat.Editor },
        { "XA1505", X("""[{@C,"single_entity":true,"dialog":"medium","url":"https://app.example/?ids={entity_ids}&id={entity_id}&t={entity_type}&n={entity.name}&r={entity.release.name}&ss={shared_space}&ws={workspace}&u={user_login}&e={user_email}&o={octane_url}&d={dialog_id}&p={panel_id}&x={xsrf_token}&j={user_identity_token}&q={query}&all={all_selected}&cr={context_release}&cs={context_sprint}&cm={context_milestone}&cp={context_program}&lit={\"a\":1}&b={ not a token }"}]"""), ConfigFormat.Editor },
        { "XA1506", X("""[{@C,"single_entity":true,"url":"https://app.example/?id={entity_id}"}]"""), ConfigFormat.Editor },
        { "XA1507", X("""[{@C,"single_entity":true,"url":"https://app.example/?r={entity.release.name}"}]"""), ConfigFormat.Editor },
        { "XA1508", X("""[{@C,"dialog":"large","url":"https://app.example/dialog"}]"""), ConfigFormat.Editor },
        { "XA1508", X("""[{@C,@Panel,"url":"{bundle_url}/panel/index.html#ids={entity_ids}"}]"""), ConfigFormat.Editor },
        { "XA1511", X("""[{@C,@Panel,"url":"https://app.example/?ws={workspace}#ids={entity_ids}&t={entity_type}&q={query}&all={all_selected}"}]"""), ConfigFormat.Editor },
        { "XA1512", X("""[{@C,"dialog":"small","url":"https://app.example/?d={dialog_id}"}]"""), ConfigFormat.Editor },
        { "XA1512", X("""[{@C,"mode":{"name":"side_panel","modules":["pipelines"]},"url":"https://app.example/?p={context_pipeline}&r={context_pipeline_run}&id={panel_id}"}]"""), ConfigFormat.Editor },
        { "XA1513", X("""[{@C,"url":"{bundle_url}/app/index.html"}]"""), ConfigFormat.Editor },
        { "XA1514", X("""[{@C,"url":"https://user@app-1.my_host.example:8443/a?b=http://<x>#c"}]"""), ConfigFormat.Editor },
        { "XA1514", X("""[{@C,"dialog":"small","url":"http://[::1]:5000/app"}]"""), ConfigFormat.Editor },
        { "XA1514", X("""[{@C,"url":"https://{workspace}.app.example:{workspace}/"}]"""), ConfigFormat.Editor },
        { "XA1514", X("""[{@C,"url":"mailto:<someone>"}]"""), ConfigFormat.Editor },
        { "XA1601", X("""[{@C,@U,"single_entity":false,"events":true}]"""), ConfigFormat.Editor },
        { "XA1603", X("""[{@C,@U,"dialog":"medium"}]"""), ConfigFormat.Editor },
        { "XA1604", X("""[{@C,@U,"dialog":"small","events":true}]"""), ConfigFormat.Editor },
        { "XA1605", X("""[{@C,@PromptChip,"single_entity":true}]"""), ConfigFormat.Editor },
        { "XA1701", X("""[{@C,@U,"workspaces":[1002,1004]}]"""), ConfigFormat.Editor },
        { "XA1702", X("""[{@C,@U,"exclude_workspaces":[1, 9007199254740993, 2.0]}]"""), ConfigFormat.Editor },
        { "XA1703", X("""[{@C,@U,"exclude_workspaces":[]}]"""), ConfigFormat.Editor },
        { "XA1704", X("""[{@C,@U,"workspaces":[1002]}]"""), ConfigFormat.Editor },
        { "XA1705", X("""[{@C,@U,"workspaces":[1002,1003]}]"""), ConfigFormat.Editor },
        { "XA1801", X("""[{@C,@U,@Panel}]"""), ConfigFormat.Editor },
        { "XA1802", X("""[{@C,"url":"{bundle_url}/p.txt",@FileChip}]"""), ConfigFormat.Editor },
        { "XA1803", X("""[{@C,@U,"mode":{"name":"side_panel","modules":["backlog","quality"]}}]"""), ConfigFormat.Editor },
        { "XA1805", X("""[{@C,@U,"mode":{"name":"side_panel","modules":["backlog","team_backlog","quality","pipelines","releases"]}}]"""), ConfigFormat.Editor },
        { "XA1806", X("""[{@C,"mode":{"name":"aviator_chat","prompt":"?"}}]"""), ConfigFormat.Editor },
        { "XA1807", X("""[{@C,"mode":{"name":"aviator_chat","prompt":"@rep(p,1500)"}}]"""), ConfigFormat.Editor },
        { "XA1808", X("""{@C,"url":"{bundle_url}/prompts/review.txt",@FileChip}"""), ConfigFormat.Bundle },
        { "XA1809", X("""[{@C,"tooltip":"Ask Aviator",@PromptChip}]"""), ConfigFormat.Editor },
        { "XA1810", X("""[{@C,"url":"{bundle_url}/prompts/review.txt",@FileChip}]"""), ConfigFormat.Editor },
    };

    /// <summary>
    /// Expands the shorthands of the tables: <c>@C</c> (the required properties), <c>@U</c> (a valid url),
    /// <c>@Panel</c>, <c>@PromptChip</c>, <c>@FileChip</c> (modes) and <c>@rep(c,n)</c> (n times the character c).
    /// </summary>
    /// <param name="json">The shorthand document.</param>
    /// <returns>The document.</returns>
    public static string X(string json)
    {
        json = Regex.Replace(json, @"@rep\((.),(\d+)\)", m => new string(m.Groups[1].Value[0], int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));
        return json
            .Replace("@PromptChip", PromptChip, StringComparison.Ordinal)
            .Replace("@FileChip", FileChip, StringComparison.Ordinal)
            .Replace("@Panel", Panel, StringComparison.Ordinal)
            .Replace("@C", C, StringComparison.Ordinal)
            .Replace("@U", U, StringComparison.Ordinal);
    }

    /// <summary>Removes the caret and tells the 1-based line and UTF-16 column it marked.</summary>
    /// <param name="marked">A document with one caret.</param>
    /// <returns>The document without the caret and the caret's position.</returns>
    public static (string Json, int Line, int Column) Unmark(string marked)
    {
        var at = marked.IndexOf(Caret, StringComparison.Ordinal);
        Assert.True(at >= 0, "The example has no caret.");
        var before = marked[..at];
        var line = before.Count(c => c == '\n') + 1;
        var column = at - (before.LastIndexOf('\n') + 1) + 1;
        return (marked.Remove(at, 1), line, column);
    }
}
