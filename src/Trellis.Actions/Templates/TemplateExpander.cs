using System.Collections.Immutable;
using System.Globalization;

namespace Trellis.Actions.Templates;

/// <summary>
/// Fills a compiled template's parts with token values into one buffer. Every value goes through
/// <see cref="UriComponentEncoder"/>; only <c>{octane_url}</c>, <c>{bundle_url}</c> and the commas between ids and
/// multi-reference items are written raw (docs/reference/launches.md#values-and-encoding).
/// </summary>
internal static class TemplateExpander
{
    private const int StackCapacity = 512;

    /// <summary>Appends <paramref name="prefix"/>, then parts from <paramref name="firstPart"/> to the end.</summary>
    public static UrlExpansion Expand(UrlTemplate template, TokenValues values, int firstPart, ReadOnlySpan<char> prefix)
    {
        ArgumentNullException.ThrowIfNull(values);
        var state = new ExpansionState();
        var capacity = template.CapacityHint(values) + prefix.Length;
        var builder = capacity <= StackCapacity ? new ValueStringBuilder(stackalloc char[StackCapacity]) : new ValueStringBuilder(capacity);
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
                // Unknown tokens stay literally in place (docs/reference/launches.md#url-tokens).
                builder.Append('{');
                builder.Append(token.Name);
                builder.Append('}');
                break;
        }
    }

    // Hot for a large selection: copy every id and comma straight in, then check the whole run with one vector scan.
    // Octane ids are decimal, so the general per-character path is only the fallback.
    private static void AppendIds(ref ValueStringBuilder builder, ImmutableArray<string> ids)
    {
        var count = Math.Min(ids.Length, TemplateDefaults.MaxEntityIds);
        if (count == 0)
        {
            return;
        }

        var start = builder.Length;
        var sent = ids.AsSpan()[..count];
        builder.Append(sent[0]);
        for (var i = 1; i < sent.Length; i++)
        {
            var id = sent[i];
            var target = builder.AppendSpan(id.Length + 1);
            target[0] = ',';
            id.CopyTo(target[1..]);
        }

        // Any character to encode, or a comma inside an id, sends the ids down the general path.
        var written = builder.WrittenFrom(start);
        if (UriComponentEncoder.IsUnreservedOrComma(written) && written.Count(',') == count - 1)
        {
            return;
        }

        builder.Shrink(builder.Length - start);
        for (var i = 0; i < count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            UriComponentEncoder.Append(ref builder, ids[i]);
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
