using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using MessagePack;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Protocol;

namespace Trellis.Circuits.Load;

/// <summary>
/// Blazor Server's hub protocol as the .NET SignalR client can speak it: "blazorpack" is SignalR's MessagePack
/// protocol under another name. Invocations from the server (<c>JS.RenderBatch</c>, <c>JS.BeginInvokeJS</c>, …) are bound
/// as plain objects with as many arguments as the message carries, so the tool does not depend on each framework
/// version's exact argument list.
/// </summary>
internal sealed class BlazorPackHubProtocol : IHubProtocol
{
    private const int InvocationMessageType = 1;
    private readonly MessagePackHubProtocol _inner = new();

    public string Name => "blazorpack";

    public int Version => 1;

    public TransferFormat TransferFormat => TransferFormat.Binary;

    public bool IsVersionSupported(int version) => version == Version;

    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
        _inner.TryParseMessage(ref input, PeekInvocation(input) is { } invocation ? new LooseBinder(binder, invocation.Target, invocation.Arguments) : binder, out message);

    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _inner.WriteMessage(message, output);

    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _inner.GetMessageBytes(message);

    /// <summary>The target and argument count of the next message when it is an invocation and complete in the input.</summary>
    internal static (string Target, int Arguments)? PeekInvocation(ReadOnlySequence<byte> input)
    {
        // Each message is prefixed with its length, 7 bits a byte, at most 5 bytes.
        var prefix = input.Slice(0, Math.Min(5, input.Length)).ToArray();
        long length = 0;
        var read = 0;
        while (true)
        {
            if (read == prefix.Length)
            {
                return null;
            }

            var part = prefix[read];
            length |= (long)(part & 0x7F) << (read * 7);
            read++;
            if ((part & 0x80) == 0)
            {
                break;
            }
        }

        if (input.Length < read + length)
        {
            return null;
        }

        var reader = new MessagePackReader(input.Slice(read, length));
        if (reader.ReadArrayHeader() < 5 || reader.ReadInt32() != InvocationMessageType)
        {
            return null;
        }

        reader.Skip(); // headers
        reader.Skip(); // invocation id
        var target = reader.ReadString();
        return target is null ? null : (target, reader.ReadArrayHeader());
    }

    // Binds the peeked invocation's arguments as objects; everything else as the connection asks.
    private sealed class LooseBinder(IInvocationBinder inner, string target, int arguments) : IInvocationBinder
    {
        public IReadOnlyList<Type> GetParameterTypes(string methodName) =>
            methodName == target ? Enumerable.Repeat(typeof(object), arguments).ToArray() : inner.GetParameterTypes(methodName);

        public Type GetReturnType(string invocationId) => inner.GetReturnType(invocationId);

        public Type GetStreamItemType(string streamId) => inner.GetStreamItemType(streamId);
    }
}
