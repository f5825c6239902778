using System.Collections.Frozen;
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

    private const int MaxWordBytes = 32;

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> s_words = CreateWords();

    /// <summary>Finds a known word from its unescaped UTF-8 bytes.</summary>
    /// <param name="utf8">The string value's bytes, without escapes.</param>
    /// <param name="word">The shared instance.</param>
    /// <returns><see langword="true"/> when the bytes spell a known word.</returns>
    public static bool TryGet(ReadOnlySpan<byte> utf8, out string word)
    {
        word = string.Empty;
        if (utf8.Length > MaxWordBytes)
        {
            return false;
        }

        Span<char> chars = stackalloc char[MaxWordBytes];
        if (Ascii.ToUtf16(utf8, chars, out var written) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        return s_words.TryGetValue(chars[..written], out word!);
    }

    private static FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> CreateWords()
    {
        var words = new HashSet<string>(StringComparer.Ordinal)
        {
            List, Details, Small, Medium, Large, SidePanel, AviatorChat,
        };
        words.UnionWith(EntityTypeTree.Default.All.Select(t => t.Name));
        words.UnionWith(ActionDefaults.Icons);
        words.UnionWith(Modules.Known);
        return words.ToFrozenDictionary(w => w, w => w, StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }
}
