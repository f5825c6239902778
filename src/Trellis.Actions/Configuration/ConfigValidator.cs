using System.Buffers;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using Trellis.Actions.Diagnostics;
using Trellis.Actions.EntityTypes;
using Trellis.Actions.Policy;

namespace Trellis.Actions.Configuration;

/// <summary>
/// The rules of docs/reference/configuration-rules.md#validation, applied to one recorded action at a time. Reports into a <see cref="DiagnosticBag"/>
/// and, while the document has no error, builds the normalised <see cref="ActionDefinition"/>s.
/// </summary>
internal sealed partial class ConfigValidator
{
    private static readonly SearchValues<char> s_nameChars =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-");

    private readonly ConfigFormat _format;
    private readonly ActionPolicy _policy;
    private readonly EntityTypeTree _types = EntityTypeTree.Default;
    private readonly DiagnosticBag _bag;
    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly ImmutableArray<ActionDefinition>.Builder _actions = ImmutableArray.CreateBuilder<ActionDefinition>();

    // Scratch state of the action being checked.
    private readonly HashSet<string> _seenWords = new(StringComparer.Ordinal);
    private readonly HashSet<long> _seenIds = [];
    private readonly List<long> _ids = [];
    private readonly List<string> _texts = [];
    private readonly ListCache _lists = new();
    private RawAction _action = null!;
    private ReadOnlyMemory<byte> _document;
    private string? _prefix;

    /// <summary>Initializes a new instance of the <see cref="ConfigValidator"/> class.</summary>
    /// <param name="format">The container: pointers carry the action index only in the editor format.</param>
    /// <param name="policy">The site policy for the URL rules.</param>
    /// <param name="bag">Receives the diagnostics.</param>
    /// <param name="documentLength">The document's size in bytes, to size the name set and result up front.</param>
    /// <param name="document">The BOM-less document when the caller lets definitions keep it; empty to copy it.</param>
    public ConfigValidator(ConfigFormat format, ActionPolicy policy, DiagnosticBag bag, int documentLength, ReadOnlyMemory<byte> document)
    {
        _format = format;
        _policy = policy;
        _bag = bag;
        _document = document;

        // A real action takes a few hundred bytes; a good guess saves rehashing and regrowing on large documents.
        var expected = Math.Min(ActionDefaults.MaxActions, (documentLength / 256) + 1);
        _names.EnsureCapacity(expected);
        _actions.Capacity = expected;
    }

    /// <summary>The kind decided by <c>mode</c>; <see cref="Unknown"/> when <c>mode</c> itself is wrong.</summary>
    private enum Kind
    {
        Unknown,
        Button,
        SidePanel,
        AviatorChip,
    }

    /// <summary>Takes the actions built so far (all of them while <see cref="DiagnosticBag.HasErrors"/> is false); read it once.</summary>
    /// <returns>The actions in document order.</returns>
    public ImmutableArray<ActionDefinition> TakeActions() => _actions.DrainToImmutable();

    // The pointer of the action itself: "/i" in the editor format, "" (the root) in the bundle format.
    private string Prefix => _prefix ??= _format == ConfigFormat.Bundle
        ? string.Empty
        : "/" + _action.Index.ToString(CultureInfo.InvariantCulture);

    /// <summary>XA1002 at the root value.</summary>
    /// <param name="offset">The root value's offset.</param>
    public void ReportEditorNeedsArray(int offset) =>
        _bag.Error(DiagnosticCodes.EditorNeedsArray, "The editor format needs a JSON array of actions at the top level.", string.Empty, offset);

    /// <summary>XA1003 at the root value.</summary>
    /// <param name="offset">The root value's offset.</param>
    public void ReportBundleNeedsObject(int offset) =>
        _bag.Error(DiagnosticCodes.BundleNeedsObject, "A bundle's action-configuration.json holds one action object, not an array or another value.", string.Empty, offset);

    /// <summary>XA1004 at an element of the editor array.</summary>
    /// <param name="index">The element index.</param>
    /// <param name="offset">The element's offset.</param>
    public void ReportElementNotObject(int index, int offset) =>
        _bag.Error(DiagnosticCodes.ElementNotObject, "Each action must be a JSON object.", PointerBuilder.Append(string.Empty, index), offset);

    /// <summary>XA1008 for too many actions, at the root array.</summary>
    /// <param name="count">How many elements the array has.</param>
    /// <param name="offset">The root array's offset.</param>
    public void ReportTooManyActions(int count, int offset) =>
        _bag.Error(
            DiagnosticCodes.TooLarge,
            $"The configuration has {count.ToString(CultureInfo.InvariantCulture)} actions; at most {ActionDefaults.MaxActions.ToString(CultureInfo.InvariantCulture)} are allowed.",
            string.Empty,
            offset);

    /// <summary>Checks one action and, while the document is clean, builds its definition.</summary>
    /// <param name="action">The recorded action.</param>
    /// <param name="json">The document, for <see cref="ActionDefinition.RawJson"/>.</param>
    public void Validate(RawAction action, ReadOnlySpan<byte> json)
    {
        _action = action;
        _prefix = null;
        var kind = CheckMode();
        CheckName();
        CheckTitle();
        CheckIconAndTooltip();
        CheckEntityTypes();
        CheckViews();
        CheckFlags(kind);
        CheckDialog(kind);
        var workspaces = CheckWorkspaces(action.Workspaces, isExclusion: false);
        var excluded = CheckWorkspaces(action.ExcludeWorkspaces, isExclusion: true);
        if (action.Workspaces.Present && action.ExcludeWorkspaces.Present)
        {
            Error(DiagnosticCodes.WorkspacesBoth, "Set either workspaces or exclude_workspaces, not both.", "/exclude_workspaces", action.ExcludeWorkspaces.Offset);
        }

        CheckUrl(kind);
        foreach (var unknown in action.Unknown)
        {
            Warning(DiagnosticCodes.UnknownProperty, $"Unknown property \"{unknown.Name}\" is kept but ignored.", "/" + PointerBuilder.Escape(unknown.Name), unknown.Offset);
        }

        if (!_bag.HasErrors)
        {
            _actions.Add(Build(kind, workspaces, excluded, json));
        }
    }

    private Kind CheckMode()
    {
        var a = _action;
        if (!a.Mode.Present)
        {
            return Kind.Button;
        }

        if (a.Mode.Type != System.Text.Json.JsonTokenType.StartObject)
        {
            Error(DiagnosticCodes.ModeNotObject, "mode must be an object such as {\"name\": \"side_panel\", \"modules\": [\"backlog\"]}.", "/mode", a.Mode.Offset);
            return Kind.Unknown;
        }

        var kind = Kind.Unknown;
        if (!a.ModeName.Present)
        {
            Error(DiagnosticCodes.ModeNameInvalid, "mode.name is required: side_panel or aviator_chat.", "/mode/name", a.Mode.Offset);
        }
        else
        {
            kind = a.ModeName.Text switch
            {
                Vocabulary.SidePanel when a.ModeName.IsString => Kind.SidePanel,
                Vocabulary.AviatorChat when a.ModeName.IsString => Kind.AviatorChip,
                _ => Kind.Unknown,
            };
            if (kind == Kind.Unknown)
            {
                Error(DiagnosticCodes.ModeNameInvalid, "mode.name must be side_panel or aviator_chat.", "/mode/name", a.ModeName.Offset);
            }
        }

        if (kind == Kind.SidePanel)
        {
            CheckModules();
            if (a.ModePrompt.Present)
            {
                Warning(DiagnosticCodes.ModePropertyOtherKind, "mode.prompt belongs to Aviator chips; a side panel ignores it.", "/mode/prompt", a.ModePrompt.Offset);
            }
        }
        else if (kind == Kind.AviatorChip)
        {
            CheckPrompt();
            if (a.ModeModules.Present)
            {
                Warning(DiagnosticCodes.ModePropertyOtherKind, "mode.modules belongs to side panels; an Aviator chip ignores it.", "/mode/modules", a.ModeModules.Offset);
            }
        }

        foreach (var unknown in a.ModeUnknown)
        {
            Warning(DiagnosticCodes.UnknownProperty, $"Unknown property \"{unknown.Name}\" in mode is kept but ignored.", "/mode/" + PointerBuilder.Escape(unknown.Name), unknown.Offset);
        }

        return kind;
    }

    private void CheckModules()
    {
        var modules = _action.ModeModules;
        if (!modules.Present)
        {
            Error(DiagnosticCodes.ModeModulesInvalid, "A side panel needs mode.modules: a non-empty array of module names.", "/mode/modules", _action.Mode.Offset);
            return;
        }

        if (!modules.IsArray || modules.Items.Count == 0 || modules.Items.Exists(m => !m.IsString))
        {
            Error(DiagnosticCodes.ModeModulesInvalid, "mode.modules must be a non-empty array of module names (strings).", "/mode/modules", modules.Offset);
        }

        for (var k = 0; k < modules.Items.Count; k++)
        {
            var module = modules.Items[k];
            if (module.IsString && !Modules.Known.Contains(module.Text!))
            {
                Warning(DiagnosticCodes.ModeModuleUnknown, $"Unknown module \"{module.Text}\"; known: backlog, team_backlog, quality, pipelines, releases.", ItemPointer("/mode/modules", k), module.Offset);
            }
        }
    }

    private void CheckPrompt()
    {
        var prompt = _action.ModePrompt;
        if (!prompt.Present)
        {
            return;
        }

        if (!prompt.IsString || prompt.Text!.Length == 0)
        {
            Error(DiagnosticCodes.ModePromptInvalid, "mode.prompt must be non-empty text.", "/mode/prompt", prompt.Offset);
        }
        else if (prompt.Text.Length > ActionDefaults.MaxPromptLength)
        {
            Error(DiagnosticCodes.ModePromptTooLong, $"mode.prompt has {prompt.Text.Length.ToString(CultureInfo.InvariantCulture)} characters; at most 1500 are allowed. Put longer prompts in a bundle file and point url at it.", "/mode/prompt", prompt.Offset);
        }
    }

    private void CheckName()
    {
        var name = _action.Name;
        if (!name.Present)
        {
            Error(DiagnosticCodes.NameMissing, "name is required.", "/name", _action.Start);
            return;
        }

        if (!name.IsString || name.Text!.Length == 0)
        {
            Error(DiagnosticCodes.NameMissing, "name must be a non-empty string.", "/name", name.Offset);
            return;
        }

        var text = name.Text;
        if (text.Length > ActionDefaults.MaxNameLength)
        {
            Error(DiagnosticCodes.NameInvalid, "name is longer than 100 characters.", "/name", name.Offset);
        }
        else if (!char.IsAsciiLetterOrDigit(text[0]) || text.AsSpan(1).ContainsAnyExcept(s_nameChars))
        {
            Error(DiagnosticCodes.NameInvalid, "name must start with a letter or digit and hold only letters, digits, '_', '.' and '-'.", "/name", name.Offset);
        }
        else if (ActionDefaults.ReservedNames.Contains(text))
        {
            Error(DiagnosticCodes.NameInvalid, $"\"{text}\" is reserved; choose another name.", "/name", name.Offset);
        }

        if (!_names.Add(text))
        {
            Error(DiagnosticCodes.NameDuplicate, $"Another action is already named \"{text}\" (names are compared ignoring case).", "/name", name.Offset);
        }
    }

    private void CheckTitle()
    {
        var title = _action.Title;
        if (!title.Present)
        {
            Error(DiagnosticCodes.TitleInvalid, "title is required.", "/title", _action.Start);
        }
        else if (!title.IsString || title.Text!.Length == 0 || title.Text.Length > ActionDefaults.MaxTitleLength)
        {
            Error(DiagnosticCodes.TitleInvalid, "title must be text of 1 to 200 characters.", "/title", title.Offset);
        }
    }

    private void CheckIconAndTooltip()
    {
        var icon = _action.Icon;
        if (icon.Present)
        {
            if (!icon.IsString)
            {
                Error(DiagnosticCodes.IconOrTooltipInvalid, "icon must be a string.", "/icon", icon.Offset);
            }
            else if (!ActionDefaults.Icons.Contains(icon.Text!))
            {
                Warning(DiagnosticCodes.IconUnknown, $"Unknown icon \"{icon.Text}\"; {ActionDefaults.Icon} is used.", "/icon", icon.Offset);
            }
        }

        var tooltip = _action.Tooltip;
        if (tooltip.Present && (!tooltip.IsString || tooltip.Text!.Length > ActionDefaults.MaxTooltipLength))
        {
            Error(DiagnosticCodes.IconOrTooltipInvalid, "tooltip must be text of at most 500 characters.", "/tooltip", tooltip.Offset);
        }
    }

    private void CheckEntityTypes()
    {
        var types = _action.EntityType;
        if (!types.Present)
        {
            Error(DiagnosticCodes.EntityTypeMissing, "entity_type is required: a non-empty array of entity types.", "/entity_type", _action.Start);
            return;
        }

        if (!types.IsArray || types.Items.Count == 0)
        {
            Error(DiagnosticCodes.EntityTypeMissing, "entity_type must be a non-empty array of entity types.", "/entity_type", types.Offset);
            return;
        }

        _seenWords.Clear();
        for (var k = 0; k < types.Items.Count; k++)
        {
            var item = types.Items[k];
            if (!item.IsString)
            {
                Error(DiagnosticCodes.EntityTypeNotString, "Each entity type must be a string.", ItemPointer("/entity_type", k), item.Offset);
            }
            else if (!_types.TryGet(item.Text!, out var type))
            {
                var reason = _types.IsRestOnly(item.Text!) ? " It exists only in the REST API." : string.Empty;
                Error(DiagnosticCodes.EntityTypeUnknown, $"\"{item.Text}\" is not an entity type an action can use.{reason}", ItemPointer("/entity_type", k), item.Offset);
            }
            else if (IsRepeated(types, k))
            {
                Warning(DiagnosticCodes.EntityTypeDuplicate, $"\"{type.Name}\" is listed twice.", ItemPointer("/entity_type", k), item.Offset);
            }
            else if (type.Aggregate is { } aggregate && Lists(types, aggregate))
            {
                Warning(DiagnosticCodes.EntityTypeDuplicate, $"\"{type.Name}\" is already covered by \"{aggregate}\".", ItemPointer("/entity_type", k), item.Offset);
            }
        }
    }

    private void CheckViews()
    {
        var views = _action.Views;
        if (!views.Present)
        {
            Error(DiagnosticCodes.ViewsMissing, "views is required: list, details or both.", "/views", _action.Start);
            return;
        }

        if (!views.IsArray || views.Items.Count == 0)
        {
            Error(DiagnosticCodes.ViewsMissing, "views must be a non-empty array of list and/or details.", "/views", views.Offset);
            return;
        }

        var seen = ActionViews.None;
        for (var k = 0; k < views.Items.Count; k++)
        {
            var item = views.Items[k];
            var view = item.IsString ? ViewOf(item.Text!) : ActionViews.None;
            if (view == ActionViews.None)
            {
                Error(DiagnosticCodes.ViewUnknown, "A view is either \"list\" or \"details\".", ItemPointer("/views", k), item.Offset);
            }
            else if ((seen & view) != 0)
            {
                Warning(DiagnosticCodes.ViewDuplicate, $"\"{item.Text}\" is listed twice.", ItemPointer("/views", k), item.Offset);
            }

            seen |= view;
        }
    }

    private void CheckFlags(Kind kind)
    {
        if (_action.SingleEntity.Present && !_action.SingleEntity.IsBoolean)
        {
            Error(DiagnosticCodes.FlagNotBoolean, "single_entity must be true or false.", "/single_entity", _action.SingleEntity.Offset);
        }

        if (_action.Events.Present)
        {
            if (!_action.Events.IsBoolean)
            {
                Error(DiagnosticCodes.FlagNotBoolean, "events must be true or false.", "/events", _action.Events.Offset);
            }

            if (kind == Kind.AviatorChip)
            {
                Warning(DiagnosticCodes.EventsOnChip, "events has no effect on an Aviator chip.", "/events", _action.Events.Offset);
            }
        }
    }

    private void CheckDialog(Kind kind)
    {
        var dialog = _action.Dialog;
        if (!dialog.Present)
        {
            return;
        }

        if (DialogOf(dialog) is null)
        {
            Error(DiagnosticCodes.DialogInvalid, "dialog must be \"small\", \"medium\" or \"large\".", "/dialog", dialog.Offset);
        }

        if (kind is Kind.SidePanel or Kind.AviatorChip)
        {
            Error(DiagnosticCodes.DialogNotForKind, "dialog is for toolbar buttons only; remove it from side panels and Aviator chips.", "/dialog", dialog.Offset);
        }
    }

    private ImmutableArray<long>? CheckWorkspaces(RecordedArray workspaces, bool isExclusion)
    {
        if (!workspaces.Present)
        {
            return null;
        }

        var property = isExclusion ? "/exclude_workspaces" : "/workspaces";
        if (!workspaces.IsArray)
        {
            Error(DiagnosticCodes.WorkspacesInvalid, $"{property[1..]} must be an array of workspace ids.", property, workspaces.Offset);
            return null;
        }

        if (!isExclusion && workspaces.Items.Count == 0)
        {
            Warning(DiagnosticCodes.WorkspacesEmpty, "workspaces is empty, so the action appears in no workspace.", property, workspaces.Offset);
        }

        _seenIds.Clear();
        _ids.Clear();
        for (var k = 0; k < workspaces.Items.Count; k++)
        {
            var item = workspaces.Items[k];
            long id;
            if (item.IsPositiveInteger)
            {
                id = item.Integer;
            }
            else if (item.IsString && TryParseDigits(item.Text!, out id))
            {
                Warning(DiagnosticCodes.WorkspaceDigitString, $"Workspace id \"{item.Text}\" is a string; it is read as the number {id.ToString(CultureInfo.InvariantCulture)}.", ItemPointer(property, k), item.Offset);
            }
            else
            {
                Error(DiagnosticCodes.WorkspacesInvalid, "A workspace id must be a positive integer.", ItemPointer(property, k), item.Offset);
                continue;
            }

            if (_seenIds.Add(id))
            {
                _ids.Add(id);
            }
            else
            {
                Warning(DiagnosticCodes.WorkspaceDuplicate, $"Workspace {id.ToString(CultureInfo.InvariantCulture)} is listed twice.", ItemPointer(property, k), item.Offset);
            }
        }

        return _lists.Share(CollectionsMarshal.AsSpan(_ids));
    }

    private ActionDefinition Build(Kind kind, ImmutableArray<long>? workspaces, ImmutableArray<long>? excluded, ReadOnlySpan<byte> json)
    {
        var a = _action;

        // One copy of the document per parse; each action keeps its slice and decodes RawJson on first read.
        if (_document.IsEmpty)
        {
            var copy = GC.AllocateUninitializedArray<byte>(json.Length);
            json.CopyTo(copy);
            _document = copy;
        }

        var views = ActionViews.None;
        foreach (var item in a.Views.Items)
        {
            views |= ViewOf(item.Text!);
        }

        return new ActionDefinition
        {
            Index = a.Index,
            Name = a.Name.Text!,
            Title = a.Title.Text!,
            EntityTypes = Texts(a.EntityType, distinct: true),
            Views = views,
            Kind = kind switch
            {
                Kind.SidePanel => ActionKind.SidePanel,
                Kind.AviatorChip => ActionKind.AviatorChip,
                _ => ActionKind.Button,
            },
            Icon = a.Icon.Present && ActionDefaults.Icons.Contains(a.Icon.Text!) ? a.Icon.Text! : ActionDefaults.Icon,
            Url = a.Url.Present ? a.Url.Text : null,
            SingleEntity = a.SingleEntity.IsTrue,
            Events = kind != Kind.AviatorChip && a.Events.IsTrue,
            Dialog = kind == Kind.Button ? DialogOf(a.Dialog) : null,
            Workspaces = workspaces,
            ExcludeWorkspaces = excluded,
            Tooltip = a.Tooltip.Present && a.Tooltip.Text!.Length > 0 ? a.Tooltip.Text : null,
            Modules = kind == Kind.SidePanel ? Texts(a.ModeModules, distinct: false) : [],
            Prompt = kind == Kind.AviatorChip && a.ModePrompt.Present ? a.ModePrompt.Text : null,
            Guid = a.Guid.IsString ? a.Guid.Text : null,
            BundleGuid = a.BundleGuid.IsString ? a.BundleGuid.Text : null,
            RawJsonUtf8 = _document[a.Start..a.End],
        };
    }

    // The strings of a list, in order; only the first of equal ones when distinct is set.
    private ImmutableArray<string> Texts(RecordedArray array, bool distinct)
    {
        _texts.Clear();
        foreach (var item in array.Items)
        {
            if (!distinct || !_texts.Contains(item.Text!))
            {
                _texts.Add(item.Text!);
            }
        }

        return _lists.Share(CollectionsMarshal.AsSpan(_texts));
    }

    // Whether an equal string comes earlier; short lists (the usual case) are scanned, long ones use a set.
    private bool IsRepeated(RecordedArray array, int index)
    {
        var text = array.Items[index].Text!;
        if (array.Items.Count > 16)
        {
            return !_seenWords.Add(text);
        }

        for (var i = 0; i < index; i++)
        {
            if (array.Items[i].IsString && array.Items[i].Text == text)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Lists(RecordedArray array, string text)
    {
        foreach (var item in array.Items)
        {
            if (item.IsString && item.Text == text)
            {
                return true;
            }
        }

        return false;
    }

    private static ActionViews ViewOf(string text) => text switch
    {
        Vocabulary.List => ActionViews.List,
        Vocabulary.Details => ActionViews.Details,
        _ => ActionViews.None,
    };

    private static DialogSize? DialogOf(RecordedValue dialog) => !dialog.IsString ? null : dialog.Text switch
    {
        Vocabulary.Small => DialogSize.Small,
        Vocabulary.Medium => DialogSize.Medium,
        Vocabulary.Large => DialogSize.Large,
        _ => null,
    };

    // A digit string such as "1002" (XA1704): ASCII digits only, a positive value that fits a long.
    private static bool TryParseDigits(string text, out long id)
    {
        id = 0;
        return text.Length > 0
            && !text.AsSpan().ContainsAnyExceptInRange('0', '9')
            && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out id)
            && id > 0;
    }

    private static string ItemPointer(string property, int index) => PointerBuilder.Append(property, index);

    private void Error(string code, string message, string property, int offset) =>
        _bag.Error(code, message, Prefix + property, offset);

    private void Warning(string code, string message, string property, int offset) =>
        _bag.Warning(code, message, Prefix + property, offset);

    // Diagnostics located at the action object itself (pointer "/i", or "" in the bundle format).
    private void ErrorOnAction(string code, string message) =>
        _bag.Error(code, message, Prefix, _action.Start);
}
