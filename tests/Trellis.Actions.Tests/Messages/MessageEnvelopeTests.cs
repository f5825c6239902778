using System.Text;
using System.Text.Json;
using Trellis.Actions.Messages;

namespace Trellis.Actions.Tests.Messages;

public sealed class MessageEnvelopeTests
{
    public static TheoryData<string> NotEnvelopes => new()
    {
        "[]",
        "'octane_close_dialog'",
        "null",
        "42",
        "{}",
        "{'event_name':5}",
        "{'event_name':null}",
        "{'event_name':['octane_close_dialog']}",
        "{'event_name':'octane_refresh_list','data':[]}",
        "{'event_name':'octane_refresh_list','data':'entity_type=defect'}",
        "{'event_name':'octane_refresh_list','data':true}",
    };

    public static TheoryData<string> NotJson => new()
    {
        "",
        "{",
        "{'event_name':'x'} trailing",
        "{'event_name':'x',}",
        "{event_name:'x'}",
    };

    /// <summary>How <c>shared_space</c> reads: strings trimmed, integers as decimal strings, anything else as missing.</summary>
    public static TheoryData<string, string?> ContextValues => new()
    {
        { "'1001'", "1001" },
        { "'  1001 '", "1001" },
        { "1001", "1001" },
        { "1001.0", "1001" },
        { "1.001e3", "1001" },
        { "-7", "-7" },
        { "1001.5", null },
        { "true", null },
        { "null", null },
        { "{}", null },
        { "['1001']", null },
    };

    [Theory]
    [MemberData(nameof(NotEnvelopes))]
    public void TryParse_ValueWithoutTheEnvelopeShape_ReturnsFalse(string json)
    {
        using var document = JsonDocument.Parse(Channels.Json(json));

        Assert.False(MessageEnvelope.TryParse(document.RootElement, out var envelope));
        Assert.Null(envelope);
        Assert.False(MessageEnvelope.TryParse(Channels.Json(json), out _));
    }

    [Theory]
    [MemberData(nameof(NotJson))]
    public void TryParse_InvalidJson_ReturnsFalseWithoutThrowing(string text)
    {
        Assert.False(MessageEnvelope.TryParse(Channels.Json(text), out _));
        Assert.False(MessageEnvelope.TryParse(Encoding.UTF8.GetBytes(Channels.Json(text)), out _));
    }

    [Fact]
    public void TryParse_NullOrUndefined_ReturnsFalse()
    {
        Assert.False(MessageEnvelope.TryParse((string?)null, out _));
        Assert.False(MessageEnvelope.TryParse(default(JsonElement), out _));
    }

    [Theory]
    [MemberData(nameof(ContextValues))]
    public void TryParse_SharedSpaceAndWorkspace_ReadAsDecimalStrings(string value, string? expected)
    {
        var json = Channels.Json($"{{'event_name':'octane_refresh_list','shared_space':{value},'workspace':{value}}}");

        Assert.True(MessageEnvelope.TryParse(json, out var envelope));
        Assert.Equal(expected, envelope.SharedSpace);
        Assert.Equal(expected, envelope.Workspace);
    }

    [Fact]
    public void TryParse_Utf8WithBom_ReadsEveryPart()
    {
        var json = Channels.Json("{'event_name':'octane_refresh_list','shared_space':'1001','workspace':1002,'data':{'entity_type':'defect'}}");
        byte[] utf8 = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(json)];

        Assert.True(MessageEnvelope.TryParse(utf8, out var envelope));
        Assert.Equal("octane_refresh_list", envelope.EventName);
        Assert.Equal("1001", envelope.SharedSpace);
        Assert.Equal("1002", envelope.Workspace);
        Assert.Equal("defect", envelope.Data.GetProperty("entity_type").GetString());
    }

    [Theory]
    [InlineData("{'event_name':'octane_refresh_list'}")]
    [InlineData("{'event_name':'octane_refresh_list','data':null}")]
    public void TryParse_MissingOrNullData_LeavesDataUndefined(string json)
    {
        Assert.True(MessageEnvelope.TryParse(Channels.Json(json), out var envelope));
        Assert.Equal(JsonValueKind.Undefined, envelope.Data.ValueKind);
        Assert.Null(envelope.SharedSpace);
    }

    [Fact]
    public void TryParse_EventName_IsKeptExactly()
    {
        Assert.True(MessageEnvelope.TryParse(Channels.Json("{'event_name':' Octane_Close_Dialog '}"), out var envelope));
        Assert.Equal(" Octane_Close_Dialog ", envelope.EventName);
    }
}
