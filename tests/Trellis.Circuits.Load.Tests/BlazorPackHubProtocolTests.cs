using System.Buffers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Trellis.Circuits.Load.Tests;

public sealed class BlazorPackHubProtocolTests
{
    [Fact]
    public void AnInvocationFromTheServer_IsBoundWithAsManyArgumentsAsItCarries()
    {
        var protocol = new BlazorPackHubProtocol();
        var bytes = new ReadOnlySequence<byte>(protocol.GetMessageBytes(
            new InvocationMessage("JS.BeginInvokeJS", [7L, "trellisHost.attach", "[{\"__dotNetObject\":4}]", 0, 0L, 1])));

        Assert.Equal(("JS.BeginInvokeJS", 6), BlazorPackHubProtocol.PeekInvocation(bytes));
        // The connection's own binder was told one argument; the message's six are read as plain values.
        Assert.True(protocol.TryParseMessage(ref bytes, new OneObjectBinder(), out var message));
        var invocation = Assert.IsType<InvocationMessage>(message);
        Assert.Equal(6, invocation.Arguments.Length);
        Assert.Equal("trellisHost.attach", invocation.Arguments[1]);
        Assert.Equal(7L, Convert.ToInt64(invocation.Arguments[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, bytes.Length);
    }

    [Fact]
    public void AnIncompleteMessage_IsNotPeekedOrParsed()
    {
        var protocol = new BlazorPackHubProtocol();
        var whole = protocol.GetMessageBytes(new InvocationMessage("JS.RenderBatch", [3L, new byte[] { 1, 2, 3 }]));
        var half = new ReadOnlySequence<byte>(whole[..(whole.Length / 2)]);

        Assert.Null(BlazorPackHubProtocol.PeekInvocation(half));
        Assert.False(protocol.TryParseMessage(ref half, new OneObjectBinder(), out _));
        Assert.Equal("blazorpack", protocol.Name);
    }

    private sealed class OneObjectBinder : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) => [typeof(object)];

        public Type GetReturnType(string invocationId) => typeof(object);

        public Type GetStreamItemType(string streamId) => typeof(object);
    }
}
