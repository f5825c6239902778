namespace Trellis.Application.ExternalActions.Bundles;

/// <summary>How a bundle file's address names its stored path (docs/reference/bundles.md#serving).</summary>
internal static class BundlePaths
{
    /// <summary>The stored path a request names, or <see langword="null"/> when it cannot name a file.</summary>
    /// <param name="encoded">The still-encoded part after <c>…/bundle/</c>, without the query.</param>
    public static string? FilePath(string encoded)
    {
        if (encoded.Length == 0)
        {
            return null;
        }

        var segments = encoded.Split('/');
        // A trailing slash serves the folder's index.html; there are no listings.
        if (segments[^1].Length == 0)
        {
            segments[^1] = "index.html";
        }

        for (var i = 0; i < segments.Length; i++)
        {
            var decoded = Uri.UnescapeDataString(segments[i]);
            if (decoded is "" or "." or ".." || !IsPlainSegment(decoded))
            {
                return null;
            }

            segments[i] = decoded;
        }

        return string.Join('/', segments);
    }

    private static bool IsPlainSegment(string segment)
    {
        foreach (var c in segment)
        {
            if (c is '/' or '\\' or ':' || char.IsControl(c))
            {
                return false;
            }
        }

        return true;
    }
}
