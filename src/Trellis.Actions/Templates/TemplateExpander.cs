using System.Collections.Immutable;
using System.Globalization;

namespace Trellis.Actions.Templates;

/// <summary>
/// Fills a compiled template's parts with token values into one buffer. Every value goes through
/// <see cref="UriComponentEncoder"/>; only <c>{octane_url}</c>, <c>{bundle_url}</c> and the commas between ids and
/// multi-reference items are written raw (SPEC.md §4.2).
/// </summary>
internal static class TemplateExpander
{
    /// <summary>Appends <paramref name="prefix"/>, then parts from <paramref name="firstPart"/> to the end.</summary>
    public static UrlExpansion Expand(UrlTemplate template, TokenValues values, int firstPart, ReadOnlySpan<char> prefix)
    {
        ArgumentNullException.ThrowIfNull(values);
        var state = new ExpansionState();
        var builder = new ValueStringBuilder(stackalloc char[512]);
        builder.Append(prefix);
        var parts = template.Parts;
        for (var i = firstPart; i < parts.Length; i++)
        {
            var part = parts[i];
            if (part.Literal is { } literal)
            {
                builder.Append(literal);
            }
            else
            {
                AppendToken(ref builder, part.Token!, values, ref state);
            }
        }

        var url = builder.ToString();
        return new UrlExpansion(url, state.Unresolved is null ? [] : [.. state.Unresolved]);
    }

    private static void AppendToken(ref ValueStringBuilder builder, TemplateToken token, TokenValues values, ref ExpansionState state)
    {
        switch (token.Kind)
        {
            case TokenKind.EntityIds:
                AppendIds(ref builder, values.EntityIds);
                break;
            case TokenKind.EntityId:
                if (values.EntityIds.Length == 1)
                {
                    UriComponentEncoder.Append(ref builder, values.EntityIds[0]);
                }

                break;
            case TokenKind.EntityType:
                UriComponentEncoder.Append(ref builder, values.EntityType);
                break;
            case TokenKind.EntityField:
                AppendField(ref builder, token, values.Entity, ref state);
                break;
            case TokenKind.SharedSpace:
                AppendNumber(ref builder, values.SharedSpace);
                break;
            case TokenKind.Workspace:
                AppendNumber(ref builder, values.Workspace);
                break;
            case TokenKind.UserLogin:
                UriComponentEncoder.Append(ref builder, values.UserLogin);
                break;
            case TokenKind.UserEmail:
                UriComponentEncoder.Append(ref builder, values.UserEmail);
                break;
            case TokenKind.OctaneUrl:
                builder.Append(values.OctaneUrl);
                break;
            case TokenKind.BundleUrl:
                builder.Append(values.OctaneUrl);
                builder.Append(TemplateDefaults.BundlePathPrefix);
                AppendNumber(ref builder, values.SharedSpace);
                builder.Append(TemplateDefaults.BundlePathSuffix);
                break;
            case TokenKind.DialogId:
            case TokenKind.PanelId:
                UriComponentEncoder.Append(ref builder, values.InstanceId);
                break;
            case TokenKind.XsrfToken:
                UriComponentEncoder.Append(ref builder, values.XsrfToken);
                break;
            case TokenKind.UserIdentityToken:
                if (values.MintIdentityToken is { } mint)
                {
                    // One token per expansion, however often the template repeats it.
                    state.IdentityToken ??= mint();
                    UriComponentEncoder.Append(ref builder, state.IdentityToken);
                }
                else
                {
                    builder.Append(TemplateDefaults.IdentityTokenLiteral);
                }

                break;
            case TokenKind.Query:
                UriComponentEncoder.Append(ref builder, values.Query);
                break;
            case TokenKind.AllSelected:
                builder.Append(values.AllSelected ? "true" : "false");
                break;
            case TokenKind.ContextRelease:
                UriComponentEncoder.Append(ref builder, values.ContextRelease);
                break;
            case TokenKind.ContextSprint:
                UriComponentEncoder.Append(ref builder, values.ContextSprint);
                break;
            case TokenKind.ContextMilestone:
                UriComponentEncoder.Append(ref builder, values.ContextMilestone);
                break;
            case TokenKind.ContextProgram:
                UriComponentEncoder.Append(ref builder, values.ContextProgram);
                break;
            case TokenKind.ContextPipeline:
                UriComponentEncoder.Append(ref builder, values.ContextPipeline);
                break;
            case TokenKind.ContextPipelineRun:
                UriComponentEncoder.Append(ref builder, values.ContextPipelineRun);
                break;
            default:
                // Unknown tokens stay literally in place (SPEC.md §4.1).
                builder.Append('{');
                builder.Append(token.Name);
                builder.Append('}');
                break;
        }
    }

    // Hot for a large selection: reserve room for every id at once and copy the (decimal) ids straight in.
    private static void AppendIds(ref ValueStringBuilder builder, ImmutableArray<string> ids)
    {
        var count = Math.Min(ids.Length, TemplateDefaults.MaxEntityIds);
        if (count == 0)
        {
            return;
        }

        var total = count - 1;
        for (var i = 0; i < count; i++)
        {
            total += ids[i].Length;
        }

        var target = builder.AppendSpan(total);
        var written = 0;
        for (var i = 0; i < count; i++)
        {
            var id = ids[i];
            if (i > 0)
            {
                target[written++] = ',';
            }

            if (!UriComponentEncoder.TryCopyUnreserved(id, target[written..]))
            {
                // An id that needs encoding: give back the unused room and finish on the general path.
                builder.Shrink(total - written);
                for (var k = i; k < count; k++)
                {
                    if (k > i)
                    {
                        builder.Append(',');
                    }

                    UriComponentEncoder.Append(ref builder, ids[k]);
                }

                return;
            }

            written += id.Length;
        }
    }

    private static void AppendNumber(ref ValueStringBuilder builder, long value)
    {
        var span = builder.AppendSpan(20);
        _ = value.TryFormat(span, out var written, default, CultureInfo.InvariantCulture);
        builder.Shrink(20 - written);
    }

    private static void AppendField(ref ValueStringBuilder builder, TemplateToken token, FieldValue? entity, ref ExpansionState state)
    {
        if (entity is null)
        {
            return;
        }

        var path = token.FieldPath;
        if (!entity.TryGetField(path[0], out var value))
        {
            state.AddUnresolved(token.Name);
            return;
        }

        if (path.Length == 1)
        {
            AppendValue(ref builder, value);
            return;
        }

        // Second level: a field of the reference, or of each item of a multi-reference.
        switch (value.Kind)
        {
            case FieldKind.Reference:
                if (value.TryGetField(path[1], out var inner))
                {
                    AppendValue(ref builder, inner);
                }
                else
                {
                    state.AddUnresolved(token.Name);
                }

                break;
            case FieldKind.MultiReference:
                for (var i = 0; i < value.Items.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    if (value.Items[i].TryGetField(path[1], out var itemField))
                    {
                        AppendValue(ref builder, itemField);
                    }
                }

                break;
            case FieldKind.Null:
                break;
            default:
                state.AddUnresolved(token.Name);
                break;
        }
    }

    private static void AppendValue(ref ValueStringBuilder builder, FieldValue value)
    {
        if (value.Kind != FieldKind.MultiReference)
        {
            UriComponentEncoder.Append(ref builder, value.Text);
            return;
        }

        for (var i = 0; i < value.Items.Length; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            AppendValue(ref builder, value.Items[i]);
        }
    }

    private struct ExpansionState
    {
        public string? IdentityToken;
        public List<string>? Unresolved;

        public void AddUnresolved(string name)
        {
            Unresolved ??= [];
            if (!Unresolved.Contains(name))
            {
                Unresolved.Add(name);
            }
        }
    }
}
