using Trellis.Application.Errors;

namespace Trellis.Application.Entities;

/// <summary>
/// Octane's <c>reference_update_mode</c> on a write: <c>replace</c> (the default) or <c>append</c> multi-references
/// (docs/reference/rest.md#responses-and-writes); any other value is refused. Octane's CI analytics paths spell it
/// <c>reference-update-mode</c>, which is read when the usual name is absent.
/// </summary>
internal static class ReferenceUpdateMode
{
    public const string Parameter = "reference_update_mode";

    /// <summary>The spelling of Octane's CI analytics paths, which the create-branch app sends.</summary>
    public const string HyphenatedParameter = "reference-update-mode";

    /// <summary>Whether the request asks to append, or the error naming the bad value.</summary>
    public static (bool Append, OctaneError? Error) Read(IQueryCollection query)
    {
        var name = query.ContainsKey(Parameter) || !query.ContainsKey(HyphenatedParameter) ? Parameter : HyphenatedParameter;
        var (mode, repeated) = RepeatedParameters.One(query, name, OctaneErrorCodes.IllegalFieldValue);
        if (repeated is not null)
        {
            return (false, repeated);
        }

        return mode.Length > 0 && mode is not ("append" or "replace")
            ? (false, OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, $"{name} is '{mode}'; it is append or replace."))
            : (mode == "append", null);
    }
}
