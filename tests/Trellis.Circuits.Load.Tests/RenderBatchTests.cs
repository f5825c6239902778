using System.Buffers.Binary;
using System.Text;

namespace Trellis.Circuits.Load.Tests;

public sealed class RenderBatchTests
{
    private static byte[] Fixture(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    [Fact]
    public void ABatchFromTheServer_GivesItsStringsAndEventHandlers()
    {
        // The batch Trellis sent after a row was selected: the pager's "1 selected" count and the re-rendered buttons.
        var batch = RenderBatch.Parse(Fixture("select-row.bin"));

        var strings = batch.Strings().ToList();
        Assert.Contains("1 selected", strings);
        Assert.Contains("trellis-selection-count", strings);
        var handlers = batch.EventHandlers().ToList();
        Assert.Contains(("onclick", 121UL), handlers);
        Assert.Contains(("onchange", 123UL), handlers);
        Assert.All(handlers, h => Assert.StartsWith("on", h.Name, StringComparison.Ordinal));
        Assert.False(LoadCircuit.ShowsRows(batch));
        Assert.True(LoadCircuit.ShowsText("1 selected")(batch));
    }

    [Fact]
    public void ABatchWithAGridBody_ShowsRows_AndItsRowsAreRead()
    {
        const string body = """<!--rows 3--><tbody role="rowgroup"><tr role="row"><td class="trellis-grid-check"><input type="checkbox" data-row-id="1043" aria-label="Select 1043"></td><td><a href="1001/1002/defect/1043">Generated defect 1</a></td></tr><tr role="row"><td><a href="1001/1002/story/1044">A story</a></td></tr></tbody>""";
        var batch = RenderBatch.Parse(Batch(["onrowtoggle", "class", body], (0, 9UL)));

        Assert.True(LoadCircuit.ShowsRows(batch));
        Assert.Equal([("onrowtoggle", 9UL)], batch.EventHandlers());
        Assert.Equal([("1043", "1001/1002/defect/1043"), ("1044", "1001/1002/story/1044")], LoadCircuit.RowsOf(body));
    }

    [Fact]
    public void BytesThatAreNotABatch_AreRefusedWithWhy()
    {
        var tooShort = Assert.Throws<FormatException>(() => RenderBatch.Parse(new byte[8]));
        Assert.Contains("at least 20 bytes", tooShort.Message, StringComparison.Ordinal);

        var badTable = new byte[24];
        BinaryPrimitives.WriteInt32LittleEndian(badTable.AsSpan(20), 1_000);
        var outside = Assert.Throws<FormatException>(() => RenderBatch.Parse(badTable));
        Assert.Contains("string table offset 1000", outside.Message, StringComparison.Ordinal);
    }

    // A batch laid out as the server's writer lays it out: no diffs, one attribute frame per handler, the strings, the footer.
    private static byte[] Batch(string[] strings, params (int Name, ulong Handler)[] attributes)
    {
        using var stream = new MemoryStream();
        using var writer = new BinaryWriter(stream, Encoding.UTF8);
        writer.Write(0); // updated components: none
        var frames = (int)stream.Position;
        writer.Write(attributes.Length);
        foreach (var (name, handler) in attributes)
        {
            writer.Write(3);
            writer.Write(name);
            writer.Write(-1);
            writer.Write(handler);
        }

        var disposedComponents = (int)stream.Position;
        writer.Write(0);
        var disposedHandlers = (int)stream.Position;
        writer.Write(0);
        var positions = new List<int>();
        foreach (var text in strings)
        {
            positions.Add((int)stream.Position);
            writer.Write(text);
        }

        var table = (int)stream.Position;
        positions.ForEach(writer.Write);
        foreach (var offset in new[] { 0, frames, disposedComponents, disposedHandlers, table })
        {
            writer.Write(offset);
        }

        return stream.ToArray();
    }
}
