using System.Text;
using Trellis.Actions.EntityTypes;

namespace Trellis.Actions.Configuration;

/// <summary>
/// The fixed words of the action JSON (views, types, icons, dialog sizes, modes, modules). Reading one hands back
/// the shared instance instead of a new string, so a 5,000-action document does not allocate them 5,000 times.
/// </summary>
internal static class Vocabulary
{
    public const string List = "list";
    public const string Details = "details";
    public const string Small = "small";
    public const string Medium = "medium";
    public const string Large = "large";
    public const string SidePanel = "side_panel";
    public const string AviatorChat = "aviator_chat";

    // Open addressing on the UTF-8 bytes: a word is found without transcoding or hashing the whole span.
    private const int TableSize = 256;

    private static readonly (byte[] Utf8, string Word)?[] s_table = CreateTable();

    /// <summary>Finds a known word from its unescaped UTF-8 bytes.</summary>
    /// <param name="utf8">The string value's bytes, without escapes.</param>
    /// <param name="word">The shared instance.</param>
    /// <returns><see langword="true"/> when the bytes spell a known word.</returns>
    public static bool TryGet(ReadOnlySpan<byte> utf8, out string word)
    {
        if (utf8.Length > 0)
        {
            for (var slot = Slot(utf8); s_table[slot] is { } entry; slot = (slot + 1) & (TableSize - 1))
            {
                if (utf8.SequenceEqual(entry.Utf8))
                {
                    word = entry.Word;
                    return true;
                }
            }
        }

        word = string.Empty;
        return false;
    }

    private static int Slot(ReadOnlySpan<byte> utf8) =>
        ((utf8.Length * 31) + (utf8[0] * 7) + (utf8[^1] * 3) + utf8[utf8.Length / 2]) & (TableSize - 1);

    private static (byte[] Utf8, string Word)?[] CreateTable()
    {
        var words = new HashSet<string>(StringComparer.Ordinal)
        {
            List, Details, Small, Medium, Large, SidePanel, AviatorChat,
        };
        words.UnionWith(EntityTypeTree.Default.All.Select(t => t.Name));
        words.UnionWith(ActionDefaults.Icons);
        words.UnionWith(Modules.Known);

        var table = new (byte[] Utf8, string Word)?[TableSize];
        foreach (var word in words)
        {
            var utf8 = Encoding.UTF8.GetBytes(word);
            var slot = Slot(utf8);
            while (table[slot] is not null)
            {
                slot = (slot + 1) & (TableSize - 1);
            }

            table[slot] = (utf8, word);
        }

        return table;
    }
}
