using Trellis.Application.Errors;

namespace Trellis.Application.Entities;

/// <summary>
/// Query parameters a client may send more than once: the C# SDK resends a GET after signing in again with its
/// <c>query</c> (and others) appended a second time, so identical repeats count once; different values are a 400.
/// </summary>
internal static class RepeatedParameters
{
    /// <summary>The value of <paramref name="name"/> ("" when absent), or a 400 with <paramref name="code"/> when its repeats differ.</summary>
    public static (string Value, OctaneError? Error) One(IQueryCollection query, string name, string code)
    {
        var values = query[name];
        if (values.Count <= 1)
        {
            return (values.ToString(), null);
        }

        var first = values[0] ?? "";
        for (var i = 1; i < values.Count; i++)
        {
            if (!string.Equals(values[i], first, StringComparison.Ordinal))
            {
                return ("", OctaneError.BadRequest(code, $"'{name}' is given {values.Count} times with different values; give it once."));
            }
        }

        return (first, null);
    }
}
