using System.Text;
using Trellis.Actions.Bundles;
using Trellis.Application.ExternalActions.Bundles;

namespace Trellis.Server.IntegrationTests.Bundles;

/// <summary>The archive rules of docs/reference/bundles.md#limits, without a server.</summary>
public sealed class BundleArchiveReaderTests
{
    public static TheoryData<string, string, bool> Hostile => HostileZips.Cases;

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Read_HostileArchive_IsRejectedWithItsReason(string name, string code, bool tooLarge)
    {
        var result = BundleArchiveReader.Read(HostileZips.Build(name));
        Assert.False(result.IsAccepted);
        Assert.Equal(tooLarge, result.TooLarge);
        Assert.Contains(result.Reasons, r => r.Code == code);
        Assert.All(result.Reasons, r => Assert.Equal(code, r.Code));
    }

    [Fact]
    public void Read_OverTwentyMiB_IsTooLargeBeforeParsing()
    {
        var result = BundleArchiveReader.Read(new byte[(20 * 1024 * 1024) + 1]);
        Assert.True(result.TooLarge);
        Assert.Equal("too_large", Assert.Single(result.Reasons).Code);
    }

    [Fact]
    public void Read_SeveralBadEntries_GetOneReasonEach()
    {
        var zip = TestZip.Create().File("../a", "x").File("app/b\\c", "x").File("app/ok.txt", "fine")
            .Raw(Encoding.UTF8.GetBytes("app/l"), "t"u8.ToArray(), deflate: false, externalAttributes: HostileZips.SymlinkAttributes).Build();
        var result = BundleArchiveReader.Read(zip);
        Assert.Equal(["../a", "app/b\\c", "app/l"], result.Reasons.Select(r => r.Entry));
        Assert.Equal(["invalid_name", "invalid_name", "symlink"], result.Reasons.Select(r => r.Code));
    }

    [Fact]
    public void Read_PanelLikeArchive_SkipsFoldersAndDropsMacMetadata()
    {
        var zip = TestZip.Create().Folder("feature_work_items/").Folder("feature_work_items/js/")
            .File("feature_work_items/index.html", "<html></html>").File("feature_work_items/js/main.js", "export {}")
            .File("__MACOSX/feature_work_items/._index.html", "junk").File("feature_work_items/.DS_Store", "junk")
            .File("whats-new-section.txt", "prompt", deflate: false).Build();
        var result = BundleArchiveReader.Read(zip);
        Assert.True(result.IsAccepted, string.Join("; ", result.Reasons));
        Assert.Equal(["feature_work_items", "whats-new-section.txt"], result.Archive!.Entries);
        Assert.Equal(["feature_work_items/index.html", "feature_work_items/js/main.js", "whats-new-section.txt"], result.Archive.Files.Select(f => f.Path));
        Assert.Null(result.Archive.Configuration);
        Assert.Equal("<html></html>".Length + "export {}".Length + "prompt".Length, result.Archive.UncompressedSize);
    }

    [Fact]
    public void Read_RootConfiguration_IsReadAndNotServed()
    {
        var zip = TestZip.Create().File("action-configuration.json", """{"name":"x"}""").File("app/index.html", "hi")
            .File("app/action-configuration.json", "{}").Build();
        var archive = BundleArchiveReader.Read(zip).Archive!;
        Assert.Equal("""{"name":"x"}""", Encoding.UTF8.GetString(archive.Configuration!));
        Assert.Equal(["app/index.html", "app/action-configuration.json"], archive.Files.Select(f => f.Path));
        Assert.Equal(["app"], archive.Entries);
    }

    [Fact]
    public void Read_SmallEntryAboveRatio_IsExempt()
    {
        var result = BundleArchiveReader.Read(TestZip.Create().File("app/zeros.bin", new byte[64 * 1024]).Build());
        Assert.True(result.IsAccepted);
    }

    public static TheoryData<string, bool> Names => new()
    {
        { "feature_work_items/index.html", true },
        { "a/b/c/d.js", true },
        { "folder/", true },
        { "x/../y", false },
        { "x/./y", false },
        { "x//y", false },
        { "/x", false },
        { "x\\y", false },
        { "x:y", false },
        { "x\ty", false },
        { "", false },
        { "x/\u0085", false },
    };

    [Theory]
    [MemberData(nameof(Names))]
    public void CheckName_Table_AcceptsOnlySafeRelativeNames(string name, bool valid) =>
        Assert.Equal(valid, BundleArchiveReader.CheckName(Encoding.UTF8.GetBytes(name)).Problem is null);

    public static TheoryData<string, string> Types => new()
    {
        { "a/index.html", "text/html; charset=utf-8" },
        { "a/main.js", "text/javascript; charset=utf-8" },
        { "a/mod.MJS", "text/javascript; charset=utf-8" },
        { "a/site.css", "text/css" },
        { "a/data.json", "application/json" },
        { "a/prompt.txt", "text/plain; charset=utf-8" },
        { "a/logo.svg", "image/svg+xml" },
        { "a/logo.png", "image/png" },
        { "a/font.woff2", "font/woff2" },
        { "a/archive.tar", "application/octet-stream" },
        { "a.d/noextension", "application/octet-stream" },
    };

    [Theory]
    [MemberData(nameof(Types))]
    public void ContentTypeFor_Extension_IsTheExactType(string path, string type) => Assert.Equal(type, BundleContentTypes.For(path));

    public static TheoryData<string, string?> Paths => new()
    {
        { "app/index.html", "app/index.html" },
        { "app/", "app/index.html" },
        { "app/sub%20dir/a%C3%A9.js", "app/sub dir/aé.js" },
        { "%2e%2e/%2e%2e/etc/passwd", null },
        { "app/%2e%2e%2fsecret", null },
        { "app/..%5csecret", null },
        { "app/a%00.html", null },
        { "app/%252e%252e/x", "app/%2e%2e/x" },
        { "", null },
        { "app//x", null },
    };

    [Theory]
    [MemberData(nameof(Paths))]
    public void FilePath_EncodedRequestPath_DecodesSegmentsOrRefuses(string encoded, string? expected) =>
        Assert.Equal(expected, BundlePaths.FilePath(encoded));
}
