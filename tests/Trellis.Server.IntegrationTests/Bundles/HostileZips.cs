using System.Text;

namespace Trellis.Server.IntegrationTests.Bundles;

/// <summary>The hostile-zip corpus: each case is built in code and names the one reason code it must get.</summary>
internal static class HostileZips
{
    public const uint SymlinkAttributes = 0xA1FFu << 16;

    public static TheoryData<string, string, bool> Cases => new()
    {
        { "ratio-bomb", "ratio", false },
        { "uncompressed-over-100MiB", "uncompressed_too_large", true },
        { "too-many-entries", "too_many_entries", false },
        { "dot-dot-traversal", "invalid_name", false },
        { "nested-traversal", "invalid_name", false },
        { "dot-segment", "invalid_name", false },
        { "empty-segment", "invalid_name", false },
        { "backslash", "invalid_name", false },
        { "colon-drive", "invalid_name", false },
        { "absolute", "invalid_name", false },
        { "control-character", "invalid_name", false },
        { "nul-in-name", "invalid_name", false },
        { "invalid-utf8-with-flag", "invalid_name", false },
        { "invalid-utf8-without-flag", "invalid_name", false },
        { "symlink", "symlink", false },
        { "encrypted-flag", "encrypted", false },
        { "aes-method", "encrypted", false },
        { "bzip2-method", "unsupported_method", false },
        { "case-only-duplicate", "duplicate", false },
        { "exact-duplicate", "duplicate", false },
        { "file-used-as-folder", "duplicate", false },
        { "bad-top-level-dash", "top_level_name", false },
        { "bad-top-level-space", "top_level_name", false },
        { "bad-top-level-too-long", "top_level_name", false },
        { "corrupt-bytes", "corrupt", false },
        { "truncated-directory", "corrupt", false },
        { "lying-size", "corrupt", false },
        { "corrupt-deflate", "corrupt", false },
        { "empty", "empty", false },
    };

    public static byte[] Build(string name) => name switch
    {
        // 2 MiB of zeros deflate to about 2 KiB: far beyond 100:1 and above the 64 KiB exemption.
        "ratio-bomb" => TestZip.Create().File("app/bomb.txt", new byte[2 * 1024 * 1024]).Build(),
        // Entries of 64 KiB are exempt from the ratio rule, so only the 100 MiB total stops 1650 of them.
        "uncompressed-over-100MiB" => Repeat(TestZip.Create(), 1650, i => ($"big/part{i}.bin", new byte[64 * 1024])).Build(),
        "too-many-entries" => Repeat(TestZip.Create(), 2001, i => ($"app/f{i}.txt", "x"u8.ToArray())).Build(),
        "dot-dot-traversal" => TestZip.Create().File("../evil.txt", "x").Build(),
        "nested-traversal" => TestZip.Create().File("app/../../evil.txt", "x").Build(),
        "dot-segment" => TestZip.Create().File("app/./index.html", "x").Build(),
        "empty-segment" => TestZip.Create().File("app//index.html", "x").Build(),
        "backslash" => TestZip.Create().File("app\\..\\evil.txt", "x").Build(),
        "colon-drive" => TestZip.Create().File("C:/evil.txt", "x").Build(),
        "absolute" => TestZip.Create().File("/etc/passwd", "x").Build(),
        "control-character" => TestZip.Create().File("app/a\u0007.txt", "x").Build(),
        "nul-in-name" => TestZip.Create().File("app/a\0.txt", "x").Build(),
        "invalid-utf8-with-flag" => TestZip.Create().Raw([(byte)'a', (byte)'/', 0xC3, 0x28], "x"u8.ToArray()).Build(),
        "invalid-utf8-without-flag" => TestZip.Create().Raw([(byte)'a', (byte)'/', 0xFF, (byte)'b'], "x"u8.ToArray(), flags: 0).Build(),
        "symlink" => TestZip.Create().Raw(Encoding.UTF8.GetBytes("app/link"), "/etc/passwd"u8.ToArray(), deflate: false, externalAttributes: SymlinkAttributes).Build(),
        "encrypted-flag" => TestZip.Create().Raw(Encoding.UTF8.GetBytes("app/secret.txt"), "x"u8.ToArray(), flags: 0x0801).Build(),
        "aes-method" => TestZip.Create().Raw(Encoding.UTF8.GetBytes("app/secret.txt"), "x"u8.ToArray(), deflate: false, methodField: 99).Build(),
        "bzip2-method" => TestZip.Create().Raw(Encoding.UTF8.GetBytes("app/data.txt"), "x"u8.ToArray(), deflate: false, methodField: 12).Build(),
        "case-only-duplicate" => TestZip.Create().File("app/Index.html", "a").File("app/index.html", "b").Build(),
        "exact-duplicate" => TestZip.Create().File("app/index.html", "a").File("app/index.html", "b").Build(),
        "file-used-as-folder" => TestZip.Create().File("app/x", "a").File("app/x/y.txt", "b").Build(),
        "bad-top-level-dash" => TestZip.Create().File("-app/index.html", "x").Build(),
        "bad-top-level-space" => TestZip.Create().File("my app/index.html", "x").Build(),
        "bad-top-level-too-long" => TestZip.Create().File(new string('a', 101) + "/index.html", "x").Build(),
        "corrupt-bytes" => [.. "PK\u0003\u0004 this is not really a zip at all"u8],
        "truncated-directory" => Truncated(),
        "lying-size" => TestZip.Create().Raw(Encoding.UTF8.GetBytes("app/a.txt"), "hello"u8.ToArray(), declaredSize: 3).Build(),
        "corrupt-deflate" => TestZip.Create().Raw(Encoding.UTF8.GetBytes("app/a.txt"), [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], deflate: false, methodField: 8, declaredSize: 10).Build(),
        "empty" => TestZip.Create().Folder("app/").Build(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "No such case."),
    };

    private static TestZip Repeat(TestZip zip, int count, Func<int, (string Name, byte[] Content)> entry, bool deflate = true)
    {
        for (var i = 0; i < count; i++)
        {
            var (name, content) = entry(i);
            zip.File(name, content, deflate);
        }

        return zip;
    }

    private static byte[] Truncated()
    {
        var zip = TestZip.Create().File("app/a.txt", "hello").File("app/b.txt", "world").Build();
        // Keep the end record but cut the central directory's second record in half.
        var end = zip.AsSpan(zip.Length - 22).ToArray();
        return [.. zip.AsSpan(0, zip.Length - 22 - 30), .. end];
    }
}
