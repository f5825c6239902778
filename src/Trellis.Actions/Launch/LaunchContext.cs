using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Trellis.Actions.Configuration;

namespace Trellis.Actions.Launch;

/// <summary>
/// Where and for whom an action would launch: the view, the selection and the user (docs/reference/launches.md#url-tokens, docs/reference/launches.md#availability). The server
/// builds one per click; <c>trellis preview</c> reads one from its context file.
/// </summary>
public sealed record LaunchContext
{
    /// <summary>Gets the public base URL (scheme, host, optional port and path prefix) for <c>{octane_url}</c>.</summary>
    public required string OctaneUrl { get; init; }

    /// <summary>Gets the current shared space id.</summary>
    public required long SharedSpace { get; init; }

    /// <summary>Gets the current workspace id.</summary>
    public required long Workspace { get; init; }

    /// <summary>Gets the user's login, or <see langword="null"/>.</summary>
    public string? UserLogin { get; init; }

    /// <summary>Gets the user's e-mail, or <see langword="null"/>.</summary>
    public string? UserEmail { get; init; }

    /// <summary>Gets the current view: <see cref="ActionViews.List"/> (a module grid) or <see cref="ActionViews.Details"/>.</summary>
    public required ActionViews View { get; init; }

    /// <summary>
    /// Gets the current module (<c>backlog</c>, <c>quality</c>, …). In details view, <see langword="null"/> means the
    /// home module of the entity's type.
    /// </summary>
    public string? Module { get; init; }

    /// <summary>Gets the grid's type in list view (often an aggregate), or the entity's concrete type in details view.</summary>
    public required string EntityType { get; init; }

    /// <summary>
    /// Gets the selected entities in grid order (in details view, the entity shown; further entries are ignored).
    /// Under <i>Select all</i>, the first rows, of which the first 500 ids are sent. <value>The default is none.</value>
    /// </summary>
    public ImmutableArray<SelectedEntity> Entities { get; init; } = [];

    /// <summary>Gets a value indicating whether <i>Select all</i> was used (list view).</summary>
    public bool AllSelected { get; init; }

    /// <summary>Gets the number of rows <i>Select all</i> selected (the grid's <c>total_count</c>), when known.</summary>
    public long? TotalCount { get; init; }

    /// <summary>Gets the grid filter as a REST <c>query</c> value, quotes included; ignored in details view.</summary>
    public string? Query { get; init; }

    /// <summary>Gets the release picked in the module's context filter.</summary>
    public string? ContextRelease { get; init; }

    /// <summary>Gets the sprint picked in the module's context filter.</summary>
    public string? ContextSprint { get; init; }

    /// <summary>Gets the milestone picked in the module's context filter.</summary>
    public string? ContextMilestone { get; init; }

    /// <summary>Gets the program picked in the module's context filter.</summary>
    public string? ContextProgram { get; init; }

    /// <summary>Gets the pipeline open in the pipelines module.</summary>
    public string? ContextPipeline { get; init; }

    /// <summary>Gets the pipeline run open in the pipelines module.</summary>
    public string? ContextPipelineRun { get; init; }

    /// <summary>Gets the dialog instance id to use, or <see langword="null"/> to generate a new one (128 random bits).</summary>
    public string? DialogId { get; init; }

    /// <summary>Gets the panel instance id to use, or <see langword="null"/> to generate a new one (128 random bits).</summary>
    public string? PanelId { get; init; }

    /// <summary>Gets the user's XSRF token for <c>{xsrf_token}</c>.</summary>
    public string? XsrfToken { get; init; }

    /// <summary>
    /// Gets the identity-token minter, or <see langword="null"/> when none can be minted (the token then stays literal,
    /// as when the site parameter turns tokens off).
    /// </summary>
    public IdentityTokenMinter? MintIdentityToken { get; init; }

    // Keeps the XSRF token and the user out of logs that print the record.
    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append(CultureInfo.InvariantCulture, $"SharedSpace = {SharedSpace}, Workspace = {Workspace}, View = {View}, Module = {Module}, ");
        builder.Append(CultureInfo.InvariantCulture, $"EntityType = {EntityType}, Entities = {Entities.Length}, AllSelected = {AllSelected}");
        return true;
    }
}
