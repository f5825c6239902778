using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Trellis.Actions.Configuration;
using Trellis.Actions.EntityTypes;
using Trellis.Actions.Launch;
using Trellis.Application.Entities;
using Trellis.Application.ExternalActions;
using Trellis.Application.SiteParameters;
using Trellis.Data;
using Trellis.Data.Sql;

namespace Trellis.Application.Aviator;

/// <summary>One chip as the region draws it.</summary>
/// <param name="Name">The action's name (built-in chips: <c>trellis.…</c>).</param>
/// <param name="Title">The button's label and accessible name.</param>
/// <param name="Tooltip">The hover text.</param>
/// <param name="BuiltIn">Whether Trellis ships the chip (hidden by <c>AVIATOR_DISPLAY_OOTB_CHIPS=false</c>).</param>
/// <param name="Enabled">Whether the selection satisfies the chip.</param>
/// <param name="Reason">Why it is disabled, for people; <see langword="null"/> when enabled.</param>
/// <param name="Prompt">The inline prompt, or <see langword="null"/> when it comes from a bundle file.</param>
/// <param name="PromptPath">The bundle path of the prompt file, or <see langword="null"/>.</param>
internal sealed record AviatorChip(string Name, string Title, string Tooltip, bool BuiltIn, bool Enabled, string? Reason, string? Prompt, string? PromptPath);

/// <summary>A composed request, or why none could be composed.</summary>
/// <param name="Request">The request, or <see langword="null"/>.</param>
/// <param name="Error">Why there is no request, or <see langword="null"/>.</param>
internal sealed record AviatorComposition(AviatorRequest? Request, string? Error);

/// <summary>
/// The chips of a place and what clicking one sends (docs/reference/launches.md#modes): the live catalog's <c>aviator_chat</c> actions judged
/// by <see cref="LaunchPlanner"/> like buttons, plus the built-in chips; the prompt and the selected entities' context
/// read from the database; the answer streamed from <see cref="AviatorAssistant"/>.
/// </summary>
internal sealed class AviatorChips(
    LiveCatalog catalog, SiteParameterStore siteParameters, IDbContextFactory<TrellisDbContext> dbFactory, ISqlDialect dialect, SchemaCache schemas,
    AviatorAssistant assistant)
{
    /// <summary>The chips Trellis ships: they need at least one selected entity.</summary>
    public static readonly ImmutableArray<AviatorChip> BuiltIn =
    [
        new("trellis.explain", "Explain", "Explain the selected items in plain language", BuiltIn: true, Enabled: true, Reason: null,
            "Explain what the selected items are about in plain language: the problem or goal, where each one stands, and what is still open.", PromptPath: null),
        new("trellis.next_steps", "Suggest next steps", "Suggest the next concrete steps for the selected items", BuiltIn: true, Enabled: true, Reason: null,
            "Suggest the next concrete steps for the selected items, based on their phase, owner and description, as a short list.", PromptPath: null),
    ];

    private static readonly string[] s_shownFirst = ["id", "type", "subtype", "name", "description"];

    /// <summary>Whether a model is configured; without one the region shows the request instead of an answer.</summary>
    public bool HasModel => assistant.Client is not null;

    /// <summary>The chips that apply to <paramref name="place"/>, configured ones first (configuration order), then the built-in ones.</summary>
    /// <param name="place">Where the region is and what is selected.</param>
    /// <param name="octaneUrl">The public base URL (only used to check the chip's URL as a launch would).</param>
    /// <param name="cancellationToken">Stops the lookup.</param>
    public async Task<IReadOnlyList<AviatorChip>> ForPlaceAsync(ViewPlace place, string octaneUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(place);
        var view = place.View == "details" ? ActionViews.Details : ActionViews.List;
        var parameters = await siteParameters.GetAsync(cancellationToken);
        var policy = parameters.ToActionPolicy();
        var entry = await catalog.GetAsync(place.SharedSpace, cancellationToken);
        var module = place.CatalogModule;
        var context = place.ToLaunchContext(octaneUrl);

        var chips = new List<AviatorChip>();
        foreach (var action in entry.Catalog.Lookup(place.Workspace, place.EntityType, view, module, ActionKind.AviatorChip))
        {
            var plan = LaunchPlanner.Plan(action, context, policy, EntityTypeTree.Default);
            if (!plan.IsVisible)
            {
                continue;
            }

            chips.Add(new AviatorChip(action.Name, action.Title, action.HoverText, BuiltIn: false, plan.IsEnabled,
                plan.IsEnabled ? null : LaunchService.WhyDisabled(plan), action.Prompt, AviatorPromptComposer.PromptFilePath(action.Url)));
        }

        if (parameters.GetBoolean(SiteParameterNames.AviatorDisplayOotbChips))
        {
            var none = place.Selection.Count == 0;
            chips.AddRange(BuiltIn.Select(c => none ? c with { Enabled = false, Reason = "Select at least one item." } : c));
        }

        return chips;
    }

    /// <summary>The exact request <paramref name="chip"/> sends for <paramref name="place"/>'s selection.</summary>
    public async Task<AviatorComposition> ComposeAsync(AviatorChip chip, ViewPlace place, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(chip);
        ArgumentNullException.ThrowIfNull(place);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var prompt = chip.Prompt;
        if (prompt is null)
        {
            if (chip.PromptPath is not { } path)
            {
                return new AviatorComposition(null, "The chip has neither a prompt nor a prompt file.");
            }

            var content = await db.BundleFiles.AsNoTracking()
                .Where(f => f.SharedSpaceId == place.SharedSpace && f.Path == path)
                .Join(db.BundleBlobs, f => f.Sha256, b => b.Sha256, (f, b) => b.Content)
                .FirstOrDefaultAsync(cancellationToken);
            var file = AviatorPromptComposer.ReadPromptFile(path, content);
            if (file.Text is null)
            {
                return new AviatorComposition(null, file.Error);
            }

            prompt = file.Text;
        }

        var entities = await ReadEntitiesAsync(db, place, cancellationToken);
        return new AviatorComposition(AviatorPromptComposer.Compose(prompt, entities, place.AllSelected ? (int)Math.Min(place.TotalCount, int.MaxValue) : place.Selection.Count), null);
    }

    /// <summary>Streams the model's answer to <paramref name="request"/>, text piece by piece.</summary>
    /// <exception cref="InvalidOperationException">No model is configured (check <see cref="HasModel"/> first).</exception>
    public async IAsyncEnumerable<string> StreamAsync(AviatorRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var client = assistant.Client ?? throw new InvalidOperationException("No Aviator model is configured.");
        await foreach (var update in client.GetStreamingResponseAsync(request.ToMessages(), cancellationToken: cancellationToken))
        {
            if (update.Text is { Length: > 0 } text)
            {
                yield return text;
            }
        }
    }

    /// <summary>The first <see cref="AviatorPromptComposer.MaxEntities"/> selected entities with their default fields, in selection order.</summary>
    private async Task<List<AviatorEntity>> ReadEntitiesAsync(TrellisDbContext db, ViewPlace place, CancellationToken cancellationToken)
    {
        var keys = place.Selection.Take(AviatorPromptComposer.MaxEntities)
            .Select(s => long.TryParse(s.Id, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1)
            .Where(id => id > 0).Distinct().ToList();
        if (keys.Count == 0)
        {
            return [];
        }

        var rows = await db.Entities.AsNoTracking().Where(e => e.WorkspaceId == place.Workspace && keys.Contains(e.Id)).ToListAsync(cancellationToken);
        var workspace = await schemas.GetAsync(db, place.Workspace, cancellationToken);
        var reader = new EntityReader(db, dialect, workspace, place.Workspace);
        var byId = new Dictionary<long, AviatorEntity>();
        foreach (var group in rows.GroupBy(r => r.Subtype ?? r.Type))
        {
            if (workspace.ForType(group.Key) is not { } schema)
            {
                continue;
            }

            var members = group.ToList();
            var rendered = await reader.RenderAsync(schema, members, selection: null, depth: 1, cancellationToken);
            foreach (var (row, json) in members.Zip(rendered))
            {
                byId[row.Id] = ToEntity(schema, row.Fields, json, group.Key);
            }
        }

        return [.. keys.Where(byId.ContainsKey).Select(k => byId[k])];
    }

    private static AviatorEntity ToEntity(EntitySchema schema, string storedFields, JsonObject rendered, string concrete)
    {
        var aggregate = EntityTypeTree.Default.AggregateOf(concrete);
        var stored = JsonNode.Parse(storedFields) as JsonObject;
        var description = stored?["description"] is JsonValue html ? AviatorPromptComposer.FieldText(html, memo: true) : null;
        var fields = schema.Fields
            .Where(f => f.ReturnedByDefault && !s_shownFirst.Contains(f.Name) && rendered.ContainsKey(f.Name))
            .Select(f => (f.Name, Text: AviatorPromptComposer.FieldText(rendered[f.Name], f.FieldType == FieldTypes.Memo)))
            .Where(f => f.Text is not null)
            .Select(f => KeyValuePair.Create(f.Name, f.Text!))
            .ToImmutableArray();
        return new AviatorEntity(aggregate, aggregate == concrete ? null : concrete, rendered["id"]?.ToString() ?? "",
            AviatorPromptComposer.FieldText(rendered["name"], memo: false), description, fields);
    }
}
