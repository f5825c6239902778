using System.Text.Json;
using Trellis.Actions.Messages;

namespace Trellis.Actions.Tests.Messages;

public sealed class MessageJudgeTests
{
    private const string Accept = "accept";

    /// <summary>Checks 1–3 of docs/reference/messages.md#judgment-order (source, shape, context): channel, source, the whole message, verdict.</summary>
    public static TheoryData<string, bool, string, string> EnvelopeRules => new()
    {
        // 1. Source: only the window the launch opened.
        { "dialog", false, "{'event_name':'octane_close_dialog','shared_space':'1001','workspace':'1002','data':{'dialog_id':'DIALOG'}}", MessageReasons.Source },
        { "panel", false, "{'event_name':'octane_display_entity','shared_space':'1001','workspace':'1002','data':{'entity_type':'work_item','entity_id':'1'}}", MessageReasons.Source },
        { "dialog", false, "not even json", MessageReasons.Source },

        // 2. Shape: an object with a string event_name (and data, when present, an object).
        { "dialog", true, "[]", MessageReasons.Shape },
        { "dialog", true, "'octane_close_dialog'", MessageReasons.Shape },
        { "dialog", true, "{'shared_space':'1001','workspace':'1002'}", MessageReasons.Shape },
        { "dialog", true, "{'event_name':7,'shared_space':'1001','workspace':'1002'}", MessageReasons.Shape },
        { "panel", true, "{'event_name':'octane_refresh_list','shared_space':'1001','workspace':'1002','data':['defect']}", MessageReasons.Shape },

        // 3. Context: strings after trim; integers as their decimal string; anything else fails.
        { "dialog", true, "{'event_name':'octane_close_dialog','shared_space':1001,'workspace':1002,'data':{'dialog_id':'DIALOG'}}", Accept },
        { "dialog", true, "{'event_name':'octane_close_dialog','shared_space':' 1001 ','workspace':'1002 ','data':{'dialog_id':'DIALOG'}}", Accept },
        { "dialog", true, "{'event_name':'octane_close_dialog','shared_space':1001.0,'workspace':'1002','data':{'dialog_id':'DIALOG'}}", Accept },
        { "dialog", true, "{'event_name':'octane_close_dialog','shared_space':'2001','workspace':'1002','data':{'dialog_id':'DIALOG'}}", MessageReasons.Context },
        { "dialog", true, "{'event_name':'octane_close_dialog','shared_space':2001,'workspace':'1002','data':{'dialog_id':'DIALOG'}}", MessageReasons.Context },
        { "dialog", true, "{'event_name':'octane_close_dialog','shared_space':'1001','workspace':'1003','data':{'dialog_id':'DIALOG'}}", MessageReasons.Context },
        { "dialog", true, "{'event_name':'octane_close_dialog','shared_space':'1001','workspace':1003,'data':{'dialog_id':'DIALOG'}}", MessageReasons.Context },
        { "dialog", true, "{'event_name':'octane_close_dialog','shared_space':'01001','workspace':'1002','data':{'dialog_id':'DIALOG'}}", MessageReasons.Context },
        { "dialog", true, "{'event_name':'octane_close_dialog','shared_space':1001.5,'workspace':'1002','data':{'dialog_id':'DIALOG'}}", MessageReasons.Context },
        { "dialog", true, "{'event_name':'octane_close_dialog','shared_space':true,'workspace':'1002','data':{'dialog_id':'DIALOG'}}", MessageReasons.Context },
        { "dialog", true, "{'event_name':'octane_close_dialog','shared_space':['1001'],'workspace':'1002','data':{'dialog_id':'DIALOG'}}", MessageReasons.Context },
        { "dialog", true, "{'event_name':'octane_close_dialog','shared_space':null,'workspace':'1002','data':{'dialog_id':'DIALOG'}}", MessageReasons.Context },
        { "dialog", true, "{'event_name':'octane_close_dialog','workspace':'1002','data':{'dialog_id':'DIALOG'}}", MessageReasons.Context },
        { "dialog", true, "{'event_name':'octane_close_dialog','shared_space':'1001','data':{'dialog_id':'DIALOG'}}", MessageReasons.Context },
        { "panel", true, "{'event_name':'no_such_event','shared_space':'9','workspace':'1002'}", MessageReasons.Context },
    };

    /// <summary>
    /// Checks 4–6 of docs/reference/messages.md#judgment-order (instance id, permission, name) and the payloads of docs/reference/messages.md#events, for a message from
    /// the launch window with the right context: channel, event name, data, verdict.
    /// </summary>
    public static TheoryData<string, string, string, string> EventRules => new()
    {
        // 4. Instance id: dialog control needs data.dialog_id equal to the dialog's id.
        { "dialog", "octane_close_dialog", "{'dialog_id':'DIALOG','refresh':true}", Accept },
        { "dialog", "octane_close_dialog", "{'refresh':true}", MessageReasons.InstanceId },
        { "dialog", "octane_close_dialog", "{'dialog_id':'spoofed','refresh':true}", MessageReasons.InstanceId },
        { "dialog", "octane_close_dialog", "{'dialog_id':'','refresh':true}", MessageReasons.InstanceId },
        { "dialog", "octane_close_dialog", "{'dialog_id':null}", MessageReasons.InstanceId },
        { "dialog", "octane_close_dialog", "{'panel_id':'DIALOG'}", MessageReasons.InstanceId },
        { "dialog", "octane_close_dialog", "{'dialog_id':{'id':'DIALOG'}}", MessageReasons.InstanceId },
        { "dialog", "octane_close_dialog", "{'dialog_id':'PANEL'}", MessageReasons.InstanceId },
        { "dialog", "octane_set_dialog_title", "{'dialog_id':'DIALOG','title':'Pull requests'}", Accept },
        { "dialog", "octane_set_dialog_title", "{'title':'Pull requests'}", MessageReasons.InstanceId },
        { "tab events", "octane_close_dialog", "{'dialog_id':'DIALOG'}", MessageReasons.InstanceId },
        { "tab events", "octane_close_dialog", "{'dialog_id':''}", MessageReasons.InstanceId },

        // 4. Settings need data.panel_id, or else data.dialog_id, equal to the instance's id.
        { "panel", "octane_read_settings", "{'context':'c','panel_id':'PANEL'}", Accept },
        { "dialog events", "octane_read_settings", "{'context':'c','panel_id':'DIALOG'}", Accept },
        { "dialog events", "octane_read_settings", "{'context':'c','dialog_id':'DIALOG'}", Accept },
        { "panel", "octane_read_settings", "{'context':'c','panel_id':'spoofed','dialog_id':'PANEL'}", MessageReasons.InstanceId },
        { "panel", "octane_read_settings", "{'context':'c'}", MessageReasons.InstanceId },
        { "panel", "octane_update_settings", "{'context':'c','settings':{}}", MessageReasons.InstanceId },
        { "tab events", "octane_read_settings", "{'context':'c','panel_id':''}", MessageReasons.InstanceId },

        // 4. Other events: an id must match when one is present; an empty id (a tab's {dialog_id}) is no id.
        { "panel", "octane_display_entity", "{'entity_type':'work_item','entity_id':'2001'}", Accept },
        { "panel", "octane_display_entity", "{'entity_type':'work_item','entity_id':'2001','panel_id':'PANEL'}", Accept },
        { "panel", "octane_display_entity", "{'entity_type':'work_item','entity_id':'2001','panel_id':'spoofed'}", MessageReasons.InstanceId },
        { "panel", "octane_display_entity", "{'entity_type':'work_item','entity_id':'2001','dialog_id':'spoofed'}", MessageReasons.InstanceId },
        { "panel", "octane_display_entity", "{'entity_type':'work_item','entity_id':'2001','panel_id':'PANEL','dialog_id':'spoofed'}", MessageReasons.InstanceId },
        { "dialog events", "octane_refresh_list", "{'entity_type':'defect','dialog_id':'PANEL'}", MessageReasons.InstanceId },
        { "tab events", "octane_refresh_list", "{'entity_type':'defect'}", Accept },
        { "tab events", "octane_refresh_list", "{'entity_type':'defect','dialog_id':'','panel_id':null}", Accept },
        { "tab events", "octane_refresh_list", "{'entity_type':'defect','dialog_id':'DIALOG'}", MessageReasons.InstanceId },

        // 5. Permission: dialog control only for the dialog itself; everything else needs events (panels always have it).
        { "dialog events", "octane_close_dialog", "{'dialog_id':'DIALOG'}", Accept },
        { "dialog", "octane_refresh_list", "{'entity_type':'defect'}", MessageReasons.NotAllowed },
        { "dialog events", "octane_refresh_list", "{'entity_type':'defect'}", Accept },
        { "dialog", "octane_read_settings", "{'context':'c','dialog_id':'DIALOG'}", MessageReasons.NotAllowed },
        { "tab", "octane_display_entity", "{'entity_type':'defect','entity_id':'2001'}", MessageReasons.NotAllowed },
        { "tab", "octane_refresh_entity", "{'entity_type':'defect','entity_ids':['2001']}", MessageReasons.NotAllowed },
        { "tab events", "octane_display_entity", "{'entity_type':'defect','entity_id':'2001'}", Accept },
        { "panel", "octane_refresh_list", "{'entity_type':'defect'}", Accept },
        { "panel", "octane_close_dialog", "{'dialog_id':'PANEL'}", MessageReasons.NotAllowed },
        { "panel", "octane_set_dialog_title", "{'dialog_id':'PANEL','title':'x'}", MessageReasons.NotAllowed },
        { "dialog", "no_such_event", "{}", MessageReasons.NotAllowed },

        // 6. Name: unknown names (case-sensitive) are ignored.
        { "panel", "no_such_event", "{}", MessageReasons.UnknownEvent },
        { "dialog events", "octane_settings", "{'context':'c','panel_id':'DIALOG','settings':{}}", MessageReasons.UnknownEvent },
        { "panel", "OCTANE_REFRESH_LIST", "{'entity_type':'defect'}", MessageReasons.UnknownEvent },
        { "dialog", "Octane_Close_Dialog", "{'dialog_id':'DIALOG'}", MessageReasons.NotAllowed },

        // Payload: octane_set_dialog_title {dialog_id, title}.
        { "dialog", "octane_set_dialog_title", "{'dialog_id':'DIALOG'}", MessageReasons.Payload },
        { "dialog", "octane_set_dialog_title", "{'dialog_id':'DIALOG','title':42}", MessageReasons.Payload },
        { "dialog", "octane_set_dialog_title", "{'dialog_id':'DIALOG','title':'   '}", MessageReasons.Payload },
        { "dialog", "octane_set_dialog_title", "{'dialog_id':'DIALOG','title':null}", MessageReasons.Payload },

        // Payload: octane_close_dialog {dialog_id, refresh}: refresh is a boolean when present.
        { "dialog", "octane_close_dialog", "{'dialog_id':'DIALOG','refresh':false}", Accept },
        { "dialog", "octane_close_dialog", "{'dialog_id':'DIALOG','refresh':null}", Accept },
        { "dialog", "octane_close_dialog", "{'dialog_id':'DIALOG','refresh':'true'}", MessageReasons.Payload },
        { "dialog", "octane_close_dialog", "{'dialog_id':'DIALOG','refresh':1}", MessageReasons.Payload },

        // Payload: octane_refresh_entity and octane_select_entity {entity_type, entity_ids:[string|number]}.
        { "panel", "octane_refresh_entity", "{'entity_type':'work_item','entity_ids':['2001',2002]}", Accept },
        { "panel", "octane_refresh_entity", "{'entity_type':'work_item','entity_ids':[]}", Accept },
        { "panel", "octane_refresh_entity", "{'entity_type':'work_item'}", MessageReasons.Payload },
        { "panel", "octane_refresh_entity", "{'entity_type':'work_item','entity_ids':'2001,2002'}", MessageReasons.Payload },
        { "panel", "octane_refresh_entity", "{'entity_type':'work_item','entity_ids':[true]}", MessageReasons.Payload },
        { "panel", "octane_refresh_entity", "{'entity_type':'work_item','entity_ids':['']}", MessageReasons.Payload },
        { "panel", "octane_refresh_entity", "{'entity_type':'work_item','entity_ids':[null]}", MessageReasons.Payload },
        { "panel", "octane_refresh_entity", "{'entity_type':'work_item','entity_ids':[20.5]}", MessageReasons.Payload },
        { "panel", "octane_refresh_entity", "{'entity_type':'work_item','entity_ids':[['2001']]}", MessageReasons.Payload },
        { "panel", "octane_refresh_entity", "{'entity_ids':['2001']}", MessageReasons.Payload },
        { "panel", "octane_refresh_entity", "{'entity_type':7,'entity_ids':['2001']}", MessageReasons.Payload },
        { "panel", "octane_select_entity", "{'entity_type':'defect','entity_ids':[2001]}", Accept },
        { "panel", "octane_select_entity", "{'entity_type':'defect','entity_ids':{'0':2001}}", MessageReasons.Payload },
        { "panel", "octane_select_entity", "{'entity_type':'','entity_ids':[2001]}", MessageReasons.Payload },

        // Payload: octane_refresh_list {entity_type}; unknown types are accepted and do nothing.
        { "panel", "octane_refresh_list", "{'entity_type':'entity_label'}", Accept },
        { "panel", "octane_refresh_list", "{}", MessageReasons.Payload },
        { "panel", "octane_refresh_list", "{'entity_type':['defect']}", MessageReasons.Payload },

        // Payload: octane_display_entity and octane_entity_was_added {entity_type, entity_id}.
        { "panel", "octane_display_entity", "{'entity_type':'work_item','entity_id':2001}", Accept },
        { "panel", "octane_display_entity", "{'entity_type':'work_item'}", MessageReasons.Payload },
        { "panel", "octane_display_entity", "{'entity_type':'work_item','entity_id':{'id':'2001'}}", MessageReasons.Payload },
        { "panel", "octane_display_entity", "{'entity_type':'work_item','entity_id':' '}", MessageReasons.Payload },
        { "panel", "octane_entity_was_added", "{'entity_type':'defect','entity_id':'2001'}", Accept },
        { "panel", "octane_entity_was_added", "{'entity_id':'2001'}", MessageReasons.Payload },
        { "panel", "octane_entity_was_added", "{'entity_type':'defect','entity_id':false}", MessageReasons.Payload },

        // Payload: octane_update_settings {context, panel_id, settings}: settings an object, context at most 100 chars.
        { "panel", "octane_update_settings", "{'context':'c','panel_id':'PANEL','settings':{'text':'hello'}}", Accept },
        { "panel", "octane_update_settings", "{'panel_id':'PANEL','settings':{}}", Accept },
        { "panel", "octane_update_settings", "{'context':'c','panel_id':'PANEL'}", MessageReasons.Payload },
        { "panel", "octane_update_settings", "{'context':'c','panel_id':'PANEL','settings':'text'}", MessageReasons.Payload },
        { "panel", "octane_update_settings", "{'context':'c','panel_id':'PANEL','settings':[1]}", MessageReasons.Payload },
        { "panel", "octane_update_settings", "{'context':'c','panel_id':'PANEL','settings':null}", MessageReasons.Payload },
        { "panel", "octane_update_settings", "{'context':5,'panel_id':'PANEL','settings':{}}", MessageReasons.Payload },
        { "panel", "octane_update_settings", $"{{'context':'{new string('c', 100)}','panel_id':'PANEL','settings':{{}}}}", Accept },
        { "panel", "octane_update_settings", $"{{'context':'{new string('c', 101)}','panel_id':'PANEL','settings':{{}}}}", MessageReasons.Payload },

        // Payload: octane_read_settings {context, panel_id}.
        { "panel", "octane_read_settings", "{'panel_id':'PANEL'}", Accept },
        { "panel", "octane_read_settings", "{'context':{},'panel_id':'PANEL'}", MessageReasons.Payload },
        { "panel", "octane_read_settings", $"{{'context':'{new string('c', 101)}','panel_id':'PANEL'}}", MessageReasons.Payload },
    };

    [Theory]
    [MemberData(nameof(EnvelopeRules))]
    public void Judge_EnvelopeChecks_FirstFailingCheckDecides(string channel, bool fromLaunchWindow, string message, string expected)
    {
        var text = Channels.Json(message);
        var element = MessageEnvelope.TryParseJson(System.Text.Encoding.UTF8.GetBytes(text), out var parsed) ? parsed : default;

        AssertVerdict(expected, MessageJudge.Judge(Channels.Parse(channel), fromLaunchWindow, element));
    }

    [Theory]
    [MemberData(nameof(EventRules))]
    public void Judge_EventChecks_FirstFailingCheckDecides(string channel, string eventName, string data, string expected)
    {
        var message = Message(eventName, data);

        var verdict = MessageJudge.Judge(Channels.Parse(channel), true, message);

        AssertVerdict(expected, verdict);
        Assert.Equal(eventName, verdict.EventName);

        // The envelope overload judges the same way.
        Assert.True(MessageEnvelope.TryParse(message, out var envelope));
        AssertVerdict(expected, MessageJudge.Judge(Channels.Parse(channel), true, envelope));
    }

    [Fact]
    public void Judge_GitCloseDialogWithQuotedIds_ClosesAndRefreshes()
    {
        // OctaneResponse.jsp posts the ids it was launched with as strings, and refresh: true.
        var message = Parse($$"""
            {
                "event_name": "octane_close_dialog",
                "shared_space": "1001",
                "workspace": "1002",
                "data": { "dialog_id": "{{Channels.DialogId}}", "refresh": true }
            }
            """);
        var channel = Channels.Parse("dialog events");

        var verdict = MessageJudge.Judge(channel, true, message);

        Assert.True(verdict.IsAccepted);
        Assert.Equal(new CloseDialogEvent(Channels.DialogId, Refresh: true), verdict.Event);
        Assert.Null(verdict.Reason);
        Assert.Null(verdict.Detail);
    }

    [Fact]
    public void Judge_PanelDisplayEntityWithoutPanelId_OpensTheWorkItem()
    {
        // PANEL's navigateToEntity posts entity_id as a string and no panel_id.
        var verdict = MessageJudge.Judge(Channels.Parse("panel"), true, Message("octane_display_entity", "{'entity_type':'work_item','entity_id':'2001'}"));

        Assert.Equal(new DisplayEntityEvent("work_item", "2001"), verdict.Event);
    }

    [Fact]
    public void Judge_SetDialogTitle_TrimsAndCutsToTwoHundredCharacters()
    {
        var channel = Channels.Parse("dialog");
        var padded = MessageJudge.Judge(channel, true, Message("octane_set_dialog_title", "{'dialog_id':'DIALOG','title':'  Pull requests \\n'}"));
        var longTitle = MessageJudge.Judge(channel, true, Message("octane_set_dialog_title", $"{{'dialog_id':'DIALOG','title':'{new string('t', 250)}'}}"));

        Assert.Equal(new SetDialogTitleEvent(Channels.DialogId, "Pull requests"), padded.Event);
        Assert.Equal(new string('t', 200), Assert.IsType<SetDialogTitleEvent>(longTitle.Event).Title);
    }

    [Fact]
    public void Judge_SetDialogTitleCutInsideASurrogatePair_DropsTheHalf()
    {
        // 199 letters, then a character outside the BMP that takes code units 200 and 201.
        var title = new string('t', 199) + "😀 and more";
        var verdict = MessageJudge.Judge(Channels.Parse("dialog"), true, Message("octane_set_dialog_title", $"{{'dialog_id':'DIALOG','title':'{title}'}}"));

        Assert.Equal(new string('t', 199), Assert.IsType<SetDialogTitleEvent>(verdict.Event).Title);
    }

    [Fact]
    public void Judge_CloseDialogWithoutRefresh_DoesNotRefresh()
    {
        var verdict = MessageJudge.Judge(Channels.Parse("dialog"), true, Message("octane_close_dialog", "{'dialog_id':'DIALOG'}"));

        Assert.Equal(new CloseDialogEvent(Channels.DialogId, Refresh: false), verdict.Event);
    }

    [Fact]
    public void Judge_EntityIdsAsStringsAndNumbers_BecomeDecimalStringsInOrder()
    {
        var verdict = MessageJudge.Judge(Channels.Parse("panel"), true, Message("octane_refresh_entity", "{'entity_type':' defect ','entity_ids':[' 2003 ',2001,2002.0]}"));

        var refresh = Assert.IsType<RefreshEntityEvent>(verdict.Event);
        Assert.Equal("defect", refresh.EntityType);
        Assert.Equal(["2003", "2001", "2002"], refresh.EntityIds);
    }

    [Fact]
    public void Judge_SelectAndAddedAndRefreshList_CarryTheirValues()
    {
        var channel = Channels.Parse("tab events");

        var select = MessageJudge.Judge(channel, true, Message("octane_select_entity", "{'entity_type':'story','entity_ids':['1','2']}"));
        var added = MessageJudge.Judge(channel, true, Message("octane_entity_was_added", "{'entity_type':'story','entity_id':77}"));
        var list = MessageJudge.Judge(channel, true, Message("octane_refresh_list", "{'entity_type':'story'}"));

        Assert.Equal(["1", "2"], Assert.IsType<SelectEntityEvent>(select.Event).EntityIds);
        Assert.Equal(new EntityWasAddedEvent("story", "77"), added.Event);
        Assert.Equal(new RefreshListEvent("story"), list.Event);
    }

    [Fact]
    public void Judge_UpdateSettings_KeepsCompactJsonAndTheInstanceId()
    {
        var verdict = MessageJudge.Judge(
            Channels.Parse("dialog events"),
            true,
            Message("octane_update_settings", "{'context':'filters','dialog_id':'DIALOG','settings':{ 'text' : 'café <b>', 'n' : [1, 2.5] }}"));

        Assert.Equal(new UpdateSettingsEvent("filters", Channels.DialogId, "{\"text\":\"café <b>\",\"n\":[1,2.5]}"), verdict.Event);
    }

    [Fact]
    public void Judge_ReadSettingsWithoutContext_ReadsTheEmptyContext()
    {
        var verdict = MessageJudge.Judge(Channels.Parse("panel"), true, Message("octane_read_settings", "{'panel_id':'PANEL'}"));

        Assert.Equal(new ReadSettingsEvent(string.Empty, Channels.PanelId), verdict.Event);
    }

    [Theory]
    [InlineData(MessageDefaults.MaxSettingsBytes, true)]
    [InlineData(MessageDefaults.MaxSettingsBytes + 1, false)]
    public void Judge_SettingsSize_IsLimitedTo64KiB(int serializedBytes, bool accepted)
    {
        // {"v":"…"} is 8 bytes around the text.
        var settings = $"{{'v':'{new string('x', serializedBytes - 8)}'}}";

        var verdict = MessageJudge.Judge(Channels.Parse("panel"), true, Message("octane_update_settings", $"{{'panel_id':'PANEL','settings':{settings}}}"));

        Assert.Equal(accepted, verdict.IsAccepted);
        Assert.Equal(accepted ? null : MessageReasons.Payload, verdict.Reason);
    }

    [Fact]
    public void Judge_Rejection_CarriesReasonDetailAndEventName()
    {
        var verdict = MessageJudge.Judge(Channels.Parse("dialog"), true, Message("octane_refresh_list", "{'entity_type':'defect'}"));

        Assert.Equal(MessageOutcome.Rejected, verdict.Outcome);
        Assert.Equal(MessageReasons.NotAllowed, verdict.Reason);
        Assert.Equal("octane_refresh_list", verdict.EventName);
        Assert.False(string.IsNullOrWhiteSpace(verdict.Detail));
        Assert.Null(verdict.Event);
    }

    [Fact]
    public void Judge_HandBuiltEnvelopeWithNonObjectData_IsAShapeFailure()
    {
        var envelope = new MessageEnvelope { EventName = "octane_refresh_list", SharedSpace = "1001", Workspace = "1002", Data = Parse("[1]") };

        Assert.Equal(MessageReasons.Shape, MessageJudge.Judge(Channels.Parse("panel"), true, envelope).Reason);
    }

    [Fact]
    public void Judge_EveryKnownEvent_HasItsOwnTypedEvent()
    {
        var samples = new Dictionary<string, string>
        {
            [MessageEventNames.SetDialogTitle] = "{'dialog_id':'DIALOG','title':'t'}",
            [MessageEventNames.CloseDialog] = "{'dialog_id':'DIALOG'}",
            [MessageEventNames.RefreshEntity] = "{'entity_type':'defect','entity_ids':[1]}",
            [MessageEventNames.RefreshList] = "{'entity_type':'defect'}",
            [MessageEventNames.DisplayEntity] = "{'entity_type':'defect','entity_id':1}",
            [MessageEventNames.SelectEntity] = "{'entity_type':'defect','entity_ids':[1]}",
            [MessageEventNames.EntityWasAdded] = "{'entity_type':'defect','entity_id':1}",
            [MessageEventNames.UpdateSettings] = "{'dialog_id':'DIALOG','settings':{}}",
            [MessageEventNames.ReadSettings] = "{'dialog_id':'DIALOG'}",
        };
        var channel = Channels.Parse("dialog events");

        var events = samples.Select(s => MessageJudge.Judge(channel, true, Message(s.Key, s.Value)).Event).ToList();

        Assert.Equal(MessageEventNames.All.Order(StringComparer.Ordinal), samples.Keys.Order(StringComparer.Ordinal));
        Assert.All(events.Zip(samples.Keys), pair => Assert.Equal(pair.Second, pair.First?.Name));
        Assert.Equal(samples.Count, events.Select(e => e!.GetType()).Distinct().Count());
    }

    private static void AssertVerdict(string expected, MessageVerdict verdict)
    {
        if (expected == Accept)
        {
            Assert.True(verdict.IsAccepted, $"Expected acceptance, got {verdict.Reason}: {verdict.Detail}");
            Assert.NotNull(verdict.Event);
            return;
        }

        Assert.Equal(expected, verdict.Reason);
        Assert.Equal(expected == MessageReasons.UnknownEvent ? MessageOutcome.Ignored : MessageOutcome.Rejected, verdict.Outcome);
        Assert.Null(verdict.Event);
    }

    private static JsonElement Message(string eventName, string data) =>
        Parse(Channels.Json($"{{'event_name':'{eventName}','shared_space':'1001','workspace':'1002','data':{data}}}"));

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
