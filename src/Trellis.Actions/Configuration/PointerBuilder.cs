using System.Globalization;

namespace Trellis.Actions.Configuration;

/// <summary>Builds RFC 6901 JSON pointers: <c>~</c> becomes <c>~0</c> and <c>/</c> becomes <c>~1</c> in each token.</summary>
internal static class PointerBuilder
{
    /// <summary>The pointer to an element of an array.</summary>
    /// <param name="parent">The array's pointer.</param>
    /// <param name="index">The element index.</param>
    /// <returns>The pointer.</returns>
    public static string Append(string parent, int index) =>
        string.Concat(parent, "/", index.ToString(CultureInfo.InvariantCulture));

    /// <summary>The pointer to a property of an object.</summary>
    /// <param name="parent">The object's pointer.</param>
    /// <param name="name">The unescaped property name.</param>
    /// <returns>The pointer.</returns>
    public static string Append(string parent, string name) => string.Concat(parent, "/", Escape(name));

    /// <summary>Escapes one reference token.</summary>
    /// <param name="token">The property name.</param>
    /// <returns>The token with <c>~</c> and <c>/</c> escaped.</returns>
    public static string Escape(string token) =>
        token.AsSpan().IndexOfAny('~', '/') < 0 ? token : token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);
}
